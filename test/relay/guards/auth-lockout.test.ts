// Guard: wrong access tokens are counted per client IP in the CounterStore; the 10th in a minute locks the IP out
// (429 + Retry-After, 60 s doubling to an hour), even for the right token, and relays sharing a store share it.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from '../_support/helpers.js';
import { createMemoryStore } from '../../../src/relay/stores/memory.js';
import { lockoutMs } from '../../../src/relay/guards/auth-lockout.js';
import type { CounterStore } from '../../../src/relay/settings/options.js';

const TOKEN = 'right-token-0123456789abcdef';
const WRONG = 'wrong-token-0123456789abcdef';

let rigs: Rig[] = [];
afterEach(async () => {
  await Promise.all(rigs.map((r) => r.close()));
  rigs = [];
});

async function start(options: Parameters<typeof rig>[0]): Promise<Rig> {
  const r = await rig(options);
  rigs.push(r);
  return r;
}

const send = (url: string, token: string | null, ip = '198.51.100.7') =>
  postChat(url, chatBody({ stream: true }), {
    headers: { 'x-forwarded-for': ip, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
  });

async function status(url: string, token: string | null, ip?: string): Promise<number> {
  const res = await send(url, token, ip);
  await readBytes(res);
  return res.status;
}

describe('lockoutMs', () => {
  test('60 s, doubling per lockout, capped at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(lockoutMs)).toEqual(
      [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600].map((s) => s * 1000),
    );
  });
});

describe('access-token lockout over HTTP', () => {
  test('10 wrong tokens → 401; the 11th and then the right token → 429 with Retry-After; open again after it', async () => {
    let now = 60_000 * 29_000_000; // the start of a minute window
    const r = await start({ accessTokens: [TOKEN], trustProxy: true, now: () => now });
    for (let i = 0; i < 10; i++) expect(await status(r.relay.url, WRONG)).toBe(401);
    const locked = await send(r.relay.url, WRONG);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect((await locked.json()).error).toMatchObject({ type: 'rate_limit_error', code: 'too_many_auth_failures' });
    const right = await send(r.relay.url, TOKEN);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('60');
    await readBytes(right);
    // Another client IP is not affected; /v1/models is locked for this one too.
    expect(await status(r.relay.url, TOKEN, '198.51.100.8')).toBe(200);
    expect(
      (
        await fetch(`${r.relay.url}/v1/models`, {
          headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '198.51.100.7' },
        })
      ).status,
    ).toBe(429);
    now += 30_000;
    expect((await send(r.relay.url, TOKEN)).headers.get('retry-after')).toBe('30');
    now += 30_000;
    expect(await status(r.relay.url, TOKEN)).toBe(200);
    expect(r.upstream.exchanges).toHaveLength(2);
  });

  test('ten wrong tokens in a burst lock out even when the burst straddles a minute boundary', async () => {
    let now = 60_000 * 29_000_000 - 5_000; // five seconds before a minute window ends
    const r = await start({ accessTokens: [TOKEN], trustProxy: true, now: () => now });
    for (let i = 0; i < 5; i++) expect(await status(r.relay.url, WRONG)).toBe(401);
    now += 10_000; // the next minute window
    for (let i = 0; i < 5; i++) expect(await status(r.relay.url, WRONG)).toBe(401);
    expect(await status(r.relay.url, TOKEN)).toBe(429);
  });

  test('each further lockout doubles: 60, 120, 240 s', async () => {
    let now = 60_000 * 29_000_000;
    const r = await start({ accessTokens: [TOKEN], trustProxy: true, now: () => now });
    for (const seconds of [60, 120, 240]) {
      for (let i = 0; i < 10; i++) expect(await status(r.relay.url, WRONG)).toBe(401);
      const locked = await send(r.relay.url, TOKEN);
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe(String(seconds));
      await readBytes(locked);
      now += seconds * 1000;
    }
    expect(await status(r.relay.url, TOKEN)).toBe(200);
  });

  test('a request without any token is not a guess and is not counted', async () => {
    const r = await start({ accessTokens: [TOKEN], trustProxy: true });
    for (let i = 0; i < 15; i++) expect(await status(r.relay.url, null)).toBe(401);
    expect(await status(r.relay.url, TOKEN)).toBe(200);
  });

  test('two relays on one store share the count (as Workers isolates on one Durable Object namespace do)', async () => {
    const store = createMemoryStore();
    const a = await start({ accessTokens: [TOKEN], trustProxy: true, store });
    const b = await start({ accessTokens: [TOKEN], trustProxy: true, store });
    for (let i = 0; i < 5; i++) expect(await status(a.relay.url, WRONG)).toBe(401);
    for (let i = 0; i < 5; i++) expect(await status(b.relay.url, WRONG)).toBe(401);
    expect(await status(a.relay.url, TOKEN)).toBe(429);
    expect(await status(b.relay.url, TOKEN)).toBe(429);
  });

  test('the lockout lives in the store (put/get), keyed by client IP', async () => {
    const memory = createMemoryStore();
    const keys: string[] = [];
    const store: CounterStore = {
      hit: (key, windowMs, now) => (keys.push(`hit ${key}`), memory.hit(key, windowMs, now)),
      put: (key, value, expiresAt, now) => (keys.push(`put ${key}`), memory.put(key, value, expiresAt, now)),
      get: (key, now) => (keys.push(`get ${key}`), memory.get(key, now)),
    };
    const r = await start({ accessTokens: [TOKEN], trustProxy: true, store });
    for (let i = 0; i < 10; i++) await status(r.relay.url, WRONG, '203.0.113.5');
    expect(keys).toContain('hit auth-fail:203.0.113.5');
    expect(keys).toContain('put auth-lock:203.0.113.5');
    expect(await status(r.relay.url, TOKEN, '203.0.113.5')).toBe(429);
  });

  test('a custom store with only hit() still locks out (in this process)', async () => {
    const memory = createMemoryStore();
    const r = await start({
      accessTokens: [TOKEN],
      trustProxy: true,
      store: { hit: (k, w, n) => memory.hit(k, w, n) },
    });
    for (let i = 0; i < 10; i++) await status(r.relay.url, WRONG);
    expect(await status(r.relay.url, TOKEN)).toBe(429);
  });
});
