// Errors say whose fault they are (issue #13 part 3): the provider refusing the relay's key is the owner's to fix
// (no access-code box), a used-up quota and too many requests read differently, and Retry waits out Retry-After.
import { ok, equal, includes, notIncludes } from './_support/assert.js';
import {
  $,
  assistantTexts,
  cleanup,
  endpoint,
  idle,
  lastRequest,
  mount,
  nextEvent,
  uniqueKey,
  waitFor,
} from './_support/helpers.js';

describe('<gpt-chat> errors say whose fault they are', () => {
  afterEach(cleanup);

  const accessBox = (el: HTMLElement & { shadowRoot: ShadowRoot | null }) =>
    el.shadowRoot!.querySelector('.notice.error input[type="password"]');

  for (const [lang, owner, said] of [
    ['en', "The provider rejected this relay's API key; the relay's owner must fix it.", 'Provider said (HTTP 401): '],
    ['zh-CN', '模型服务商拒绝了此中转服务的 API 密钥，需由中转服务的所有者修复。', '服务商答复（HTTP 401）：'],
  ] as const) {
    it(`upstream_auth_failed (${lang}): the owner message, the provider's words, Retry and no access-code box`, async () => {
      const el = await mount({ endpoint: endpoint('upstream-auth', uniqueKey('blame')), lang });
      const error = nextEvent(el, 'gpt-chat-error');
      await el.send('hello');
      const event = await error;
      equal(event.detail.kind, 'upstream-auth');
      equal(event.detail.code, 'upstream_auth_failed');
      equal(event.detail.message, owner);
      await el.updateComplete;
      const notice = $(el, '.notice.error')!;
      includes(notice.textContent, owner);
      // The provider's own words as it wrote them, under a lead in the UI's language (no English lead in zh-CN).
      includes(notice.textContent, `${said}Incorrect API key provided`);
      if (lang === 'zh-CN') notIncludes(notice.textContent, 'Provider said');
      equal(
        notice.textContent!.split("relay's owner must fix it").length,
        lang === 'en' ? 2 : 1,
        'said once, not again in the details',
      );
      ok(!accessBox(el), 'no access-code box: there is no code that could help');
      ok($(el, '.notice.error button.retry'), 'Retry is offered');
    });
  }

  it('invalid_access_token still asks for the access code', async () => {
    const el = await mount({ endpoint: endpoint('auth', uniqueKey('token')), lang: 'en' });
    const error = nextEvent(el, 'gpt-chat-error');
    await el.send('hello');
    equal((await error).detail.kind, 'auth');
    await el.updateComplete;
    ok(accessBox(el), 'access-code box');
    includes($(el, '.notice.error')!.textContent, 'This chat needs an access code.');
  });

  const cases = [
    [
      'quota',
      'quota',
      "quota for this chat is used up (429); the relay's owner must add credit",
      '额度已用完（429）',
      'You exceeded your current quota',
      null,
    ],
    [
      'rate-once',
      'rate-limit',
      'Too many requests (429). Try again in 2 seconds.',
      '请求过于频繁（429）。请在 2 秒后重试。',
      'Rate limit reached for requests',
      // While Retry counts down, the notice names no soon-stale number of seconds.
      ['Too many requests (429). Please wait a moment and retry.', '请求过于频繁（429）。请稍候再试。'],
    ],
  ] as const;
  for (const [scenario, kind, en, zh, providerSaid, notices] of cases) {
    it(`429 ${kind}: its own message in English and Chinese, with the provider's reason`, async () => {
      for (const [lang, expected, notice] of [
        ['en', en, notices?.[0] ?? en],
        ['zh-CN', zh, notices?.[1] ?? zh],
      ] as const) {
        const el = await mount({ endpoint: endpoint(scenario, uniqueKey(scenario)), lang });
        const error = nextEvent(el, 'gpt-chat-error');
        await el.send('hello');
        const event = await error;
        equal(event.detail.kind, kind);
        equal(event.detail.status, 429);
        includes(event.detail.message, expected);
        await el.updateComplete;
        includes($(el, '.notice.error')!.textContent, notice);
        includes($(el, '.notice.error')!.textContent, providerSaid);
        cleanup();
      }
    });
  }

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`Retry counts Retry-After down (${lang}), disabled until 0, then re-sends and succeeds`, async () => {
      const key = uniqueKey('countdown');
      const el = await mount({ endpoint: endpoint('rate-once', key), lang });
      await el.send('again please');
      const retry = await waitFor(() => $<HTMLButtonElement>(el, '.notice.error button.retry'), 'retry button');
      const label = (s: number) => (lang === 'en' ? `Retry in ${s} s` : `${s} 秒后重试`);
      equal(retry.textContent!.trim(), label(2));
      ok(retry.disabled, 'disabled while counting');
      await waitFor(() => retry.textContent!.trim() === label(1), 'one second left', 3000);
      ok(retry.disabled, 'still disabled at 1 s');
      await waitFor(() => !retry.disabled, 'enabled at 0', 3000);
      equal(retry.textContent!.trim(), lang === 'en' ? 'Retry' : '重试');
      retry.click();
      await waitFor(() => assistantTexts(el)[0]?.includes('Hello'), 'reply after retry');
      await idle(el);
      ok(!$(el, '.notice.error'), 'error gone');
      equal((await lastRequest(key))!.count, 2);
    });
  }
});
