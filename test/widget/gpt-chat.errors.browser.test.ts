// Errors are shown in the conversation, in the user's language, with Retry; typed text is never lost.
import { ok, equal, includes } from './_support/assert.js';
import {
  $,
  assistantTexts,
  cleanup,
  endpoint,
  idle,
  input,
  lastRequest,
  mount,
  nextEvent,
  uniqueKey,
  userTexts,
  waitFor,
} from './_support/helpers.js';

describe('<gpt-chat> errors', () => {
  afterEach(() => {
    cleanup();
    for (const k of Object.keys(localStorage)) if (k.startsWith('gpt-chat:access-token:')) localStorage.removeItem(k);
  });

  const cases: Array<[string, number, string, string]> = [
    ['403', 403, 'Access denied (403)', '拒绝访问（403）'],
    ['413', 413, 'too long for the server (413)', '消息过长'],
    ['429', 429, 'Too many requests (429)', '请求过于频繁（429）'],
    ['500', 500, 'The server had a problem (500)', '服务器出现问题（500）'],
    ['502-html', 502, 'not responding (502)', '模型服务暂时无响应（502）'],
  ];

  for (const [scenario, status, en, zh] of cases) {
    it(`shows ${scenario} in English and Chinese with Retry, and restores the input`, async () => {
      for (const [lang, expected] of [
        ['en', en],
        ['zh-CN', zh],
      ] as const) {
        const el = await mount({ endpoint: endpoint(scenario, uniqueKey(scenario)), lang });
        const error = nextEvent(el, 'gpt-chat-error');
        await el.send('my precious text');
        const event = await error;
        equal(event.detail.status, status);
        includes(event.detail.message, expected);
        await el.updateComplete;
        const notice = $(el, '.notice.error')!;
        includes(notice.textContent, expected);
        ok($(el, '.notice.error button.retry'), 'Retry is offered');
        equal(input(el).value, 'my precious text', 'the typed text is back in the input');
        equal(userTexts(el)[0], 'my precious text', 'and still in the conversation');
        equal(assistantTexts(el).length, 0, 'no empty reply bubble');
      }
    });
  }

  it('shows a network failure (relay unreachable) and retries', async () => {
    const el = await mount({ endpoint: 'http://127.0.0.1:9/v1/chat/completions', lang: 'zh-CN' });
    const error = nextEvent(el, 'gpt-chat-error');
    await el.send('hello');
    const event = await error;
    equal(event.detail.kind, 'network');
    includes(event.detail.message, '无法连接聊天服务器');
  });

  it('Retry re-sends the failed message once and succeeds', async () => {
    const key = uniqueKey('fail-once');
    const el = await mount({ endpoint: endpoint('fail-once', key) });
    await el.send('try me');
    await waitFor(() => $(el, '.notice.error button.retry'), 'retry button');
    $<HTMLButtonElement>(el, '.notice.error button.retry')!.click();
    await waitFor(() => assistantTexts(el)[0]?.includes('Hello'), 'reply after retry');
    await idle(el);
    ok(!$(el, '.notice.error'), 'error gone');
    equal(userTexts(el).length, 1, 'the user message is not duplicated');
    equal((await lastRequest(key))!.count, 2);
  });

  it('sending again from the input replaces the failed message instead of duplicating it', async () => {
    const key = uniqueKey('resend');
    const el = await mount({ endpoint: endpoint('fail-once', key) });
    await el.send('once');
    await el.updateComplete;
    equal(input(el).value, 'once');
    await el.send(input(el).value);
    await idle(el);
    equal(userTexts(el).length, 1);
    equal((await lastRequest(key))!.body.messages.filter((m: { role: string }) => m.role === 'user').length, 1);
  });

  it('keeps the partial reply when an error arrives mid-stream and shows the upstream message', async () => {
    const el = await mount({ endpoint: endpoint('in-stream-error', uniqueKey('instream')) });
    const error = nextEvent(el, 'gpt-chat-error');
    await el.send('hi');
    const event = await error;
    await el.updateComplete;
    includes(assistantTexts(el)[0], 'Partial answer 部分');
    includes($(el, '.notice.error')?.textContent, 'overloaded');
    ok($(el, '.msg.assistant .status.interrupted'), 'marked as interrupted');
    ok(event.detail.message);
  });

  it('401: asks for the access code, stores it per endpoint and retries with it', async () => {
    const key = uniqueKey('auth');
    const url = endpoint('auth', key);
    const el = await mount({ endpoint: url, lang: 'zh-CN' });
    await el.send('secret question');
    const field = await waitFor(
      () => $<HTMLInputElement>(el, '.notice.error input[type="password"]'),
      'access code field',
    );
    includes($(el, '.notice.error')!.textContent, '此聊天需要访问码');
    field.value = 'open-sesame';
    $<HTMLButtonElement>(el, '.notice.error form button[type="submit"]')!.click();
    await waitFor(() => assistantTexts(el)[0]?.includes('Hello'), 'reply after unlocking');
    await idle(el);
    const req = (await lastRequest(key))!;
    equal(req.headers.authorization, 'Bearer open-sesame');
    equal(localStorage.getItem(`gpt-chat:access-token:${new URL(url, location.href).href}`), 'open-sesame');
    equal(userTexts(el).length, 1);
  });

  it('sends the access-token attribute as a Bearer token', async () => {
    const key = uniqueKey('token-attr');
    const el = await mount({ endpoint: endpoint('auth', key), 'access-token': 'open-sesame' });
    await el.send('hi');
    await idle(el);
    includes(assistantTexts(el)[0], 'Hello');
    equal((await lastRequest(key))!.headers.authorization, 'Bearer open-sesame');
  });
});
