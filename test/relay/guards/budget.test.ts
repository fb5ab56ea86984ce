// Named tokens over real HTTP: limits reached exactly (parallel requests racing one budget admit no more than it),
// tokens counted from the usage the upstream reports (an estimate when none), USD from the providers' prices,
// expiry (401), models (403), the log naming the token's name only, and GET /v1/usage for a token and an admin.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RelayOptions, RequestLog, TokenConfig } from '../../../src/relay/settings/options.js';
import { serveRelay, type ServedRelay } from '../../support/serve-relay.js';
import {
  completionJson,
  JSON_HEADERS,
  SSE_HEADERS,
  sseReply,
  startFakeUpstream,
  type FakeUpstream,
} from '../../support/fake-upstream.js';
import type { UsageReport } from '../../../src/relay/routes/usage.js';
import { formatTextLine } from '../../../src/relay/log/format.js';

const MUM = 'mum-token-0123456789abcdef';
const KID = 'kid-token-0123456789abcdef';
const ADMIN = 'admin-token-0123456789abcd';

let upstream: FakeUpstream;
let relay: ServedRelay | null = null;
let logs: RequestLog[] = [];

async function start(tokens: TokenConfig[], extra: RelayOptions = {}): Promise<ServedRelay> {
  logs = [];
  relay = await serveRelay({
    rateLimit: 0,
    heartbeatSeconds: 0,
    log: (record) => logs.push(record),
    providers: [
      {
        name: 'deepseek',
        baseURL: upstream.url,
        keys: ['sk-deepseek-key-1'],
        models: ['deepseek-chat', 'deepseek-reasoner'],
        // 0.1 USD a token either way: a 10-token answer costs 1 USD.
        prices: { 'deepseek-chat': { prompt: 100_000, completion: 100_000 } },
      },
    ],
    tokens,
    ...extra,
  });
  return relay;
}

function chat(token: string, { model = 'deepseek-chat', stream = true } = {}): Promise<Response> {
  return fetch(`${relay!.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

async function usage(token: string): Promise<UsageReport> {
  const res = await fetch(`${relay!.url}/v1/usage`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as UsageReport;
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string; code: string } }).error;

beforeAll(async () => {
  // 7 prompt + 3 completion tokens = 10 per streamed answer.
  upstream = await startFakeUpstream({ chunks: sseReply(['a', 'b', 'c']), headers: SSE_HEADERS });
});
afterEach(async () => {
  await relay?.close();
  relay = null;
  upstream.reply({ chunks: sseReply(['a', 'b', 'c']), headers: SSE_HEADERS });
});
afterAll(() => upstream.close());

describe('named tokens and budgets', () => {
  it('requestsPerDay: 12 parallel requests against a limit of 5 admit exactly 5; the 429 says which limit and when', async () => {
    await start([{ name: 'kid', token: KID, requestsPerDay: 5 }]);
    const answers = await Promise.all(Array.from({ length: 12 }, () => chat(KID)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const refused = answers.find((res) => res.status === 429)!;
    const error = await errorOf(refused);
    expect(error.code).toBe('budget_exceeded');
    const tomorrow = new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000).toISOString().replace('.000Z', 'Z');
    expect(error.message).toBe(`The access token "kid" has used its 5 requests per day; it resets at ${tomorrow}.`);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await Promise.all(answers.filter((res) => res !== refused).map((res) => res.text()));
    expect(upstream.exchanges.length).toBeGreaterThanOrEqual(5);
  });

  it('tokensPerDay counts the usage the upstream reports: 30 tokens = three 10-token answers', async () => {
    await start([{ name: 'mum', token: MUM, tokensPerDay: 30 }]);
    for (let i = 0; i < 3; i++) {
      const res = await chat(MUM);
      expect(res.status).toBe(200);
      await res.text();
      await expect.poll(() => logs.length).toBe(i + 1);
    }
    const fourth = await chat(MUM);
    expect(fourth.status).toBe(429);
    expect((await errorOf(fourth)).message).toContain('its 30 tokens per day');
    const report = await usage(MUM);
    expect(report.tokens).toHaveLength(1);
    expect(report.tokens[0]!.today).toMatchObject({ requests: 3, prompt_tokens: 21, completion_tokens: 9 });
  });

  it('usdPerMonth counts the configured prices: 2 USD = two 1-USD answers', async () => {
    await start([{ name: 'mum', token: MUM, usdPerMonth: 2 }]);
    for (let i = 0; i < 2; i++) {
      const res = await chat(MUM, { stream: false });
      expect(res.status).toBe(200);
      await res.text();
      await expect.poll(() => logs.length).toBe(i + 1);
    }
    const third = await chat(MUM);
    expect(third.status).toBe(429);
    const error = await errorOf(third);
    expect(error.message).toContain('its 2 USD per month; it resets at');
    expect(error.message).toMatch(/-01T00:00:00Z\.$/);
    const month = (await usage(MUM)).tokens[0]!.month;
    expect(month.cost_usd).toBeCloseTo(2, 6);
    expect(month.models['deepseek-chat']!.requests).toBe(2);
  });

  it('a reply without usage counts an estimate', async () => {
    upstream.reply({ body: completionJson('x'.repeat(400)).replace(/,"usage":\{[^}]*\}/, ''), headers: JSON_HEADERS });
    await start([{ name: 'mum', token: MUM }]);
    const res = await chat(MUM, { stream: false });
    expect(res.status).toBe(200);
    await res.text();
    await expect.poll(() => logs.length).toBe(1);
    const today = (await usage(MUM)).tokens[0]!.today;
    expect(today.prompt_tokens).toBeGreaterThan(0);
    expect(today.completion_tokens).toBeGreaterThan(0);
  });

  it('expired → 401, a model outside the token’s list → 403; the log names the token, never shows it', async () => {
    await start([
      { name: 'old', token: MUM, expires: '2020-01-01' },
      { name: 'kid', token: KID, models: ['deepseek-chat'] },
    ]);
    const expired = await chat(MUM);
    expect(expired.status).toBe(401);
    expect((await errorOf(expired)).code).toBe('token_expired');
    const wrongModel = await chat(KID, { model: 'deepseek-reasoner' });
    expect(wrongModel.status).toBe(403);
    expect((await errorOf(wrongModel)).message).toContain('may use: deepseek-chat');
    const ok = await chat(KID);
    expect(ok.status).toBe(200);
    await ok.text();
    const models = await fetch(`${relay!.url}/v1/models`, { headers: { authorization: `Bearer ${MUM}` } });
    expect(models.status).toBe(401);
    await models.text();
    await expect.poll(() => logs.length).toBe(4);
    // The expired one is refused at the access check, on every route, and still logged by name.
    expect(logs.map((record) => [record.path, record.status, record.token])).toEqual([
      ['/v1/chat/completions', 401, 'old'],
      ['/v1/chat/completions', 403, 'kid'],
      ['/v1/chat/completions', 200, 'kid'],
      ['/v1/models', 401, 'old'],
    ]);
    const lines = logs.map(formatTextLine).join('\n');
    expect(lines).toMatch(/ POST \/v1\/chat\/completions - 401 .* token=old(\n|$)/m);
    expect(lines).not.toContain(KID);
    expect(lines).not.toContain(MUM);
    expect(JSON.stringify(logs)).not.toContain(MUM);
  });

  it('GET /v1/usage: a token sees its own usage per model, an admin sees every token; unnamed → 401', async () => {
    await start(
      [
        { name: 'mum', token: MUM },
        { name: 'kid', token: KID },
        { name: 'dad', token: ADMIN, admin: true },
      ],
      { accessTokens: ['unnamed-token-0123456789'] },
    );
    for (const [token, model] of [
      [MUM, 'deepseek-chat'],
      [MUM, 'deepseek-reasoner'],
      [KID, 'deepseek-chat'],
    ] as const) {
      const res = await chat(token, { model });
      await res.text();
    }
    await expect.poll(() => logs.length).toBe(3);
    const mine = await usage(MUM);
    expect(mine.tokens.map((row) => row.name)).toEqual(['mum']);
    expect(mine.tokens[0]!.today.requests).toBe(2);
    expect(Object.keys(mine.tokens[0]!.today.models).sort()).toEqual(['deepseek-chat', 'deepseek-reasoner']);
    expect(mine.tokens[0]!.month.cost_usd).toBeCloseTo(1, 6); // only deepseek-chat has a price
    const all = await usage(ADMIN);
    expect(all.tokens.map((row) => [row.name, row.today.requests])).toEqual([
      ['mum', 2],
      ['kid', 1],
      ['dad', 0],
    ]);
    const unnamed = await fetch(`${relay!.url}/v1/usage`, {
      headers: { authorization: 'Bearer unnamed-token-0123456789' },
    });
    expect(unnamed.status).toBe(401);
    expect((await errorOf(unnamed)).code).toBe('named_token_required');
    expect((await fetch(`${relay!.url}/v1/usage`)).status).toBe(401);
  });
});
