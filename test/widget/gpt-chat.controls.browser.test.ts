// Stop (button, Escape), regenerate, edit-and-resend, continue after a cut-off, copy, and the keyboard.
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
  nextEvent,
  pressEnter,
  type,
  uniqueKey,
  userTexts,
  waitFor,
} from './_support/helpers.js';

describe('<gpt-chat> controls', () => {
  let clipboardWrites: string[] = [];
  const original = navigator.clipboard?.writeText;
  beforeEach(() => {
    clipboardWrites = [];
    // Headless Chromium denies the real clipboard without a user gesture; record what would be copied.
    Object.defineProperty(navigator.clipboard, 'writeText', {
      configurable: true,
      value: async (text: string) => void clipboardWrites.push(text),
    });
  });
  afterEach(() => {
    cleanup();
    if (original) Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: original });
  });

  it('Stop button aborts and keeps the partial reply', async () => {
    const el = await mount({ endpoint: endpoint('slow', uniqueKey('stop')) });
    const stopped = nextEvent(el, 'gpt-chat-stop');
    void el.send('go');
    await waitFor(() => assistantTexts(el)[0]?.includes('w3'), 'some text');
    $<HTMLButtonElement>(el, 'button.stop')!.click();
    const event = await stopped;
    await idle(el);
    includes(event.detail.content, 'Streaming 慢慢来');
    includes(assistantTexts(el)[0], 'Streaming 慢慢来');
    ok($(el, '.msg.assistant .status.stopped'), 'marked as stopped');
    equal(el.messages[1]!.status, 'interrupted');
    equal(el.messages[1]!.stopped, true);
    ok($(el, 'button.send'), 'send is back');
  });

  it('Escape stops the stream, from the input', async () => {
    const el = await mount({ endpoint: endpoint('slow', uniqueKey('escape')) });
    void el.send('go');
    await waitFor(() => assistantTexts(el)[0]?.includes('w2'), 'some text');
    input(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await idle(el);
    includes(assistantTexts(el)[0], 'Streaming');
    equal(el.messages[1]!.status, 'interrupted');
    equal(el.messages[1]!.stopped, true);
  });

  it('regenerate replaces the last reply with a new request', async () => {
    const key = uniqueKey('regen');
    const el = await mount({ endpoint: endpoint('normal', key) });
    await el.send('q1');
    await idle(el);
    $<HTMLButtonElement>(el, '.msg.assistant button.regenerate')!.click();
    await waitFor(async () => (await lastRequest(key))?.count === 2, 'second request');
    await idle(el);
    equal(assistantTexts(el).length, 1);
    equal(userTexts(el).length, 1);
    const req = (await lastRequest(key))!;
    equal(req.body.messages.at(-1).content, 'q1');
    equal(req.body.messages.filter((m: { role: string }) => m.role === 'assistant').length, 0);
  });

  it('edit-and-resend changes the last user message and asks again', async () => {
    const key = uniqueKey('edit');
    const el = await mount({ endpoint: endpoint('normal', key) });
    await el.send('typo questoin');
    await idle(el);
    $<HTMLButtonElement>(el, '.msg.user button.edit-button')!.click();
    await el.updateComplete;
    const area = await waitFor(() => $<HTMLTextAreaElement>(el, '.edit textarea'), 'editor');
    equal(area.value, 'typo questoin');
    area.value = 'fixed question 问题';
    $<HTMLButtonElement>(el, '.edit button.primary')!.click();
    await waitFor(async () => (await lastRequest(key))?.count === 2, 'second request');
    await idle(el);
    equal(userTexts(el).join('|'), 'fixed question 问题');
    equal(assistantTexts(el).length, 1);
    equal((await lastRequest(key))!.body.messages.at(-1).content, 'fixed question 问题');
  });

  it('a reply cut off by finish_reason length offers Continue, which appends to it', async () => {
    const key = uniqueKey('length');
    const el = await mount({ endpoint: endpoint('length', key) });
    await el.send('long please');
    await idle(el);
    includes($(el, '.status.cut-off')?.textContent, 'cut off');
    equal(el.messages[1]!.status, 'cut');
    $<HTMLButtonElement>(el, '.status.cut-off button.continue')!.click();
    await waitFor(() => assistantTexts(el)[0]?.includes('结束'), 'continued text');
    await idle(el);
    equal(assistantTexts(el).length, 1, 'continued in the same message');
    includes(assistantTexts(el)[0], 'The first part 第一部分 and the rest 结束。');
    ok(!$(el, '.status.cut-off'));
    const req = (await lastRequest(key))!;
    equal(req.body.messages.at(-1).role, 'assistant', 'the partial reply is sent to continue from');
  });

  it('copies a message and a code block', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('copy')) });
    await el.send('hi');
    await idle(el);
    $<HTMLButtonElement>(el, '.msg.assistant button.copy-message')!.click();
    await waitFor(() => clipboardWrites.length === 1, 'message copied');
    includes(clipboardWrites[0], 'Hello 你好，世界！🌏');
    await waitFor(
      () => $(el, '.msg.assistant button.copy-message')?.getAttribute('aria-label') === 'Copied',
      'copied state',
    );
    $<HTMLButtonElement>(el, '.msg.assistant button[data-copy]')!.click();
    await waitFor(() => clipboardWrites.length === 2, 'code copied');
    equal(clipboardWrites[1]!.trim(), 'const x = 1;');
    $<HTMLButtonElement>(el, '.msg.user button.copy-message')!.click();
    await waitFor(() => clipboardWrites.length === 3, 'user message copied');
    equal(clipboardWrites[2], 'hi');
  });

  it('Enter sends, Shift+Enter does not, Enter during IME composition never sends', async () => {
    const key = uniqueKey('keys');
    const el = await mount({ endpoint: endpoint('normal', key) });
    const area = input(el);
    type(el, '你好');
    let event = pressEnter(area, { isComposing: true });
    equal(event.defaultPrevented, false, 'composition Enter is left to the IME');
    event = pressEnter(area, { keyCode: 229 });
    equal(event.defaultPrevented, false, 'keyCode 229 (Safari IME) is left alone');
    event = pressEnter(area, { shiftKey: true });
    equal(event.defaultPrevented, false, 'Shift+Enter inserts a newline');
    await el.updateComplete;
    equal(userTexts(el).length, 0, 'nothing sent yet');
    equal(await lastRequest(key), null);
    const sent = nextEvent(el, 'gpt-chat-send');
    event = pressEnter(area);
    ok(event.defaultPrevented, 'plain Enter sends');
    equal((await sent).detail.text, '你好');
    await idle(el);
    equal(area.value, '', 'input cleared after sending');
    equal(userTexts(el)[0], '你好');
  });

  it('the send button submits and is disabled while the input is empty', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('button')) });
    ok($<HTMLButtonElement>(el, 'button.send')!.disabled);
    type(el, 'via button');
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'button.send')!.click();
    await waitFor(() => userTexts(el)[0] === 'via button', 'sent');
    await idle(el);
  });

  it('clear() empties the conversation; the clear button asks first', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('clear')) });
    await el.send('hi');
    await idle(el);
    const originalConfirm = window.confirm;
    window.confirm = () => false;
    $<HTMLButtonElement>(el, 'header button.clear')!.click();
    await el.updateComplete;
    equal(el.messages.length, 2, 'cancelled');
    window.confirm = () => true;
    $<HTMLButtonElement>(el, 'header button.clear')!.click();
    await el.updateComplete;
    window.confirm = originalConfirm;
    equal(el.messages.length, 0);
    equal($$(el, '.msg').length, 0);
    notIncludes($(el, '.log')!.textContent, 'Hello');
  });
});

describe('<gpt-chat> never loses typed text', () => {
  afterEach(cleanup);

  it('sending through the API or editing an earlier message keeps what is in the input', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('keep-draft')) });
    type(el, 'half-typed 草稿');
    await el.send('from the API');
    await idle(el);
    equal(input(el).value, 'half-typed 草稿');
    $<HTMLButtonElement>(el, '.msg.user button.edit-button')!.click();
    const area = await waitFor(() => $<HTMLTextAreaElement>(el, '.edit textarea'), 'editor');
    area.value = 'edited';
    $<HTMLButtonElement>(el, '.edit button.primary')!.click();
    await waitFor(() => userTexts(el)[0] === 'edited', 'edited');
    await idle(el);
    equal(input(el).value, 'half-typed 草稿');
  });

  it('messages assigned before connecting win over stored ones', async () => {
    const storageKey = uniqueKey('preassign');
    localStorage.setItem(
      storageKey,
      JSON.stringify({ v: 1, messages: [{ id: 'old', role: 'user', content: 'stored', createdAt: 1 }] }),
    );
    const el = document.createElement('gpt-chat');
    el.setAttribute('storage', 'local');
    el.setAttribute('storage-key', storageKey);
    el.messages = [{ role: 'user', content: 'assigned' }];
    document.body.append(el);
    await el.updateComplete;
    equal(userTexts(el).join('|'), 'assigned');
    el.clear();
    el.remove();
    localStorage.removeItem(storageKey);
  });
});
