// Conversation and draft survive a reload (per storage-key); a full quota warns; context-limit trims
// what is sent and says so in the log.
import { ok, equal, includes, notIncludes } from './_support/assert.js';
import {
  $,
  $$,
  assistantTexts,
  cleanup,
  endpoint,
  idle,
  input,
  lastRequest,
  mount,
  type,
  uniqueKey,
  userTexts,
  waitFor,
} from './_support/helpers.js';

describe('<gpt-chat> persistence and context', () => {
  afterEach(cleanup);

  it('keeps the conversation across a reload, per storage-key', async () => {
    const storageKey = uniqueKey('persist');
    const ep = endpoint('normal', storageKey);
    let el = await mount({ endpoint: ep, storage: 'local', 'storage-key': storageKey });
    await el.send('remember me 记住我');
    await idle(el);
    cleanup();
    el = await mount({ endpoint: ep, storage: 'local', 'storage-key': storageKey });
    equal(userTexts(el)[0], 'remember me 记住我');
    includes(assistantTexts(el)[0], 'Hello 你好，世界！🌏');
    ok($(el, '.msg.assistant pre code'), 'restored replies are rendered as Markdown');
    const other = await mount({ endpoint: ep, storage: 'local', 'storage-key': `${storageKey}-other` });
    equal(other.messages.length, 0, 'another key is another conversation');
    el.clear();
    cleanup();
    el = await mount({ endpoint: ep, storage: 'local', 'storage-key': storageKey });
    equal(el.messages.length, 0, 'clear() also clears storage');
  });

  it('session storage keeps the conversation in this tab; none keeps nothing', async () => {
    const storageKey = uniqueKey('session');
    let el = await mount({ endpoint: endpoint('normal', storageKey), storage: 'session', 'storage-key': storageKey });
    await el.send('tab only');
    await idle(el);
    cleanup();
    el = await mount({ endpoint: endpoint('normal', storageKey), storage: 'session', 'storage-key': storageKey });
    equal(userTexts(el)[0], 'tab only');
    cleanup();
    const noneKey = uniqueKey('none');
    el = await mount({ endpoint: endpoint('normal', noneKey), storage: 'none', 'storage-key': noneKey });
    await el.send('forget me');
    await idle(el);
    cleanup();
    el = await mount({ endpoint: endpoint('normal', noneKey), storage: 'none', 'storage-key': noneKey });
    equal(el.messages.length, 0);
  });

  it('keeps the unsent draft across a reload', async () => {
    const storageKey = uniqueKey('draft');
    let el = await mount({ endpoint: endpoint('normal', storageKey), storage: 'local', 'storage-key': storageKey });
    type(el, '写到一半的草稿');
    cleanup();
    el = await mount({ endpoint: endpoint('normal', storageKey), storage: 'local', 'storage-key': storageKey });
    equal(input(el).value, '写到一半的草稿');
    type(el, '');
  });

  it('marks a reply that was streaming at reload as interrupted', async () => {
    const storageKey = uniqueKey('interrupted');
    let el = await mount({ endpoint: endpoint('slow', storageKey), storage: 'local', 'storage-key': storageKey });
    void el.send('go');
    await waitFor(() => assistantTexts(el)[0]?.includes('w2'), 'some text');
    // Let the throttled save run while streaming, then "reload" without stopping.
    await waitFor(
      () => (localStorage.getItem(storageKey) ?? JSON.stringify(Object.entries(localStorage))).includes('Streaming'),
      'saved while streaming',
    );
    const copy = Object.entries(localStorage).filter(([k]) => k.startsWith(storageKey));
    el.stop();
    await idle(el);
    cleanup();
    for (const [k, v] of copy) localStorage.setItem(k, v);
    el = await mount({ endpoint: endpoint('normal', storageKey), storage: 'local', 'storage-key': storageKey });
    equal(el.messages[1]?.status, 'interrupted');
    ok($(el, '.msg.assistant .status.interrupted'));
    el.clear();
  });

  it('shows a warning instead of silently dropping messages when storage is full', async () => {
    const storageKey = uniqueKey('quota');
    const fillers: string[] = [];
    // Fill localStorage to the last byte: big blocks first, then halve the size on each refusal.
    for (let size = 512 * 1024; size >= 1;) {
      const k = `filler-${fillers.length}`;
      try {
        localStorage.setItem(k, 'x'.repeat(size));
        fillers.push(k);
      } catch {
        size = Math.floor(size / 2);
      }
    }
    try {
      let full = false;
      try {
        localStorage.setItem('probe', 'z'.repeat(64));
        localStorage.removeItem('probe');
      } catch {
        full = true;
      }
      ok(full, 'precondition: storage is full');
      const el = await mount({ endpoint: endpoint('normal', storageKey), storage: 'local', 'storage-key': storageKey });
      await el.send('a message that cannot be stored 存不下');
      await idle(el);
      const warning = await waitFor(() => $(el, '.notice.warning.quota'), 'quota warning');
      includes(warning.textContent, 'storage is full');
      equal(userTexts(el)[0], 'a message that cannot be stored 存不下', 'still shown');
      includes(assistantTexts(el)[0], 'Hello', 'and the reply too');
    } finally {
      for (const k of fillers) localStorage.removeItem(k);
    }
  });

  it('context-limit: sends only recent history (system prompt always) and marks where it was trimmed', async () => {
    const key = uniqueKey('trim');
    const el = await mount({ endpoint: endpoint('normal', key), 'context-limit': '150', persona: 'Be brief. 简洁。' });
    const long = (n: number) => `message ${n} ` + 'lorem ipsum dolor sit amet '.repeat(4);
    el.messages = Array.from({ length: 10 }, (_, i) => ({
      id: `h${i}`,
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: long(i),
    }));
    await el.updateComplete;
    await el.send('the newest question');
    await idle(el);
    const body = (await lastRequest(key))!.body;
    equal(body.messages[0].role, 'system');
    equal(body.messages[0].content, 'Be brief. 简洁。');
    equal(body.messages.at(-1).content, 'the newest question');
    ok(body.messages.length < 12, `trimmed (${body.messages.length} messages sent)`);
    notIncludes(JSON.stringify(body), 'message 0 ');
    const marker = $(el, '.marker')!;
    ok(marker, 'a visible marker');
    includes(marker.textContent, 'not sent');
    const sentCount = body.messages.length - 1;
    const all = $$(el, '.log > .msg, .log > .marker');
    const markerIndex = all.indexOf(marker);
    equal(
      all.length - markerIndex - 1,
      sentCount + 1,
      'the marker sits right before the first message sent (+ the reply)',
    );
  });
});
