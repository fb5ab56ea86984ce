// Waiting is visible: a counting status before the first token, "Thinking… N s" while the model reasons,
// then "Thought for N s" on the folded reasoning, kept with the message across a reload.
import { ok, equal } from './_support/assert.js';
import { $, cleanup, endpoint, idle, mount, uniqueKey, waitFor } from './_support/helpers.js';

const text = (el: Element | null) => el?.textContent?.trim() ?? '';
const match = (actual: string, pattern: RegExp) => ok(pattern.test(actual), `${JSON.stringify(actual)} !~ ${pattern}`);

describe('<gpt-chat> shows how long the model has been waiting and thinking', () => {
  afterEach(() => cleanup());

  it('counts the seconds before the first token, then the status goes', async () => {
    const el = await mount({
      endpoint: endpoint('delayed-think', uniqueKey('wait'), { wait: '2300', think: '0', reply: 'Done.' }),
    });
    void el.send('hello');
    const status = await waitFor(() => $(el, '.msg.assistant .status.waiting'), 'the waiting status');
    match(text(status), /^Waiting for the model… 0 s$/);
    equal(text($(el, '.announcer')), 'Waiting for the model…', 'announced once, at the start');
    await waitFor(() => text($(el, '.status.waiting')) === 'Waiting for the model… 2 s', 'the count reaching 2 s');
    await idle(el);
    ok(!$(el, '.status.waiting'), 'gone once the reply came');
  });

  it('counts "Thinking… N s" while reasoning, then says "Thought for N s", also after a reload', async () => {
    const key = uniqueKey('think');
    const url = endpoint('delayed-think', key, { wait: '0', think: '2300', reply: 'The answer.' });
    const el = await mount({ endpoint: url, storage: 'local', 'storage-key': key });
    void el.send('hard question');
    const summary = await waitFor(() => $(el, 'details.thinking summary'), 'the reasoning section');
    match(text(summary), /^Thinking… [01] s$/);
    await waitFor(() => text($(el, 'details.thinking summary')) === 'Thinking… 2 s', 'the count reaching 2 s');
    await idle(el);
    match(text($(el, 'details.thinking summary')), /^Thought for [23] s$/);
    ok(!$<HTMLDetailsElement>(el, 'details.thinking')!.open, 'folded');
    const ms = el.messages.at(-1)!.reasoningMs!;
    ok(ms >= 2000 && ms < 4000, `reasoningMs ${ms}`);
    cleanup();
    const again = await mount({ endpoint: url, storage: 'local', 'storage-key': key });
    match(text($(again, 'details.thinking summary')), /^Thought for [23] s$/);
    localStorage.removeItem(key);
  });

  it('speaks Chinese: 等待模型回复… / 思考中… / 已思考', async () => {
    const el = await mount({
      endpoint: endpoint('delayed-think', uniqueKey('zh'), { wait: '1200', think: '1200', reply: '好。' }),
      lang: 'zh-CN',
    });
    void el.send('你好');
    await waitFor(() => /^等待模型回复… [01] 秒$/.test(text($(el, '.status.waiting'))), 'the waiting status');
    await waitFor(() => /^思考中… \d 秒$/.test(text($(el, 'details.thinking summary'))), 'the thinking count');
    await idle(el);
    match(text($(el, 'details.thinking summary')), /^已思考 1 秒$/);
  });

  it('runs one timer per element, stopped when the reply ends', async () => {
    const realSet = window.setInterval;
    const realClear = window.clearInterval;
    const live = new Set<number>();
    let most = 0;
    window.setInterval = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
      const id = realSet(fn, ms, ...rest);
      if (ms === 1000) live.add(id);
      most = Math.max(most, live.size);
      return id;
    }) as typeof setInterval;
    window.clearInterval = ((id?: number) => {
      live.delete(id!);
      realClear(id);
    }) as typeof clearInterval;
    try {
      const el = await mount({
        endpoint: endpoint('delayed-think', uniqueKey('timer'), { wait: '1200', think: '1200' }),
      });
      await el.send('one');
      await idle(el);
      equal(most, 1, 'one clock at a time');
      equal(live.size, 0, 'stopped after the reply');
    } finally {
      window.setInterval = realSet;
      window.clearInterval = realClear;
    }
  });
});
