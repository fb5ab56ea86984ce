// Guard: per-IP per-minute rate limit and daily quota → 429 with Retry-After, upstream not called.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from '../_support/helpers.js';
import { createMemoryStore } from '../../../src/relay/stores/memory.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

async function ok(url: string, headers: Record<string, string> = {}) {
  const res = await postChat(url, chatBody({ stream: true }), { headers });
  expect(res.status).toBe(200);
  await readBytes(res);
}

describe('memory store', () => {
  test('fixed windows aligned to the window size', () => {
    const store = createMemoryStore();
    expect(store.hit('a', 60_000, 120_000)).toEqual({ count: 1, resetAt: 180_000 });
    expect(store.hit('a', 60_000, 179_999)).toEqual({ count: 2, resetAt: 180_000 });
    expect(store.hit('a', 60_000, 180_000)).toEqual({ count: 1, resetAt: 240_000 });
    expect(store.hit('b', 60_000, 180_000)).toEqual({ count: 1, resetAt: 240_000 });
  });
});

describe('rate limit over HTTP', () => {
  test('per minute: the request over the limit gets 429 with Retry-After', async () => {
    let now = 60_000 * 29_000_000 + 15_000; // 15 s into a minute window
    r = await rig({ rateLimit: 2, now: () => now });
    await ok(r.relay.url);
    await ok(r.relay.url);
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('45');
    expect(await res.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
    expect(r.upstream.exchanges).toHaveLength(2);
    now += 45_000; // next window
    await ok(r.relay.url);
  });

  test('per minute: a burst across a window edge is limited too (two windows half a minute apart)', async () => {
    let now = 60_000 * 29_000_000 + 59_000; // 1 s before a minute window ends
    r = await rig({ rateLimit: 2, now: () => now });
    await ok(r.relay.url);
    await ok(r.relay.url);
    now += 2_000; // the first window has reset; the half-minute one still holds both requests
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(429);
    // The half-minute window (edges at :30) resets 29 s from now; the new minute window is not over the limit.
    expect(res.headers.get('retry-after')).toBe('29');
    expect(r.upstream.exchanges).toHaveLength(2);
    now += 29_000;
    await ok(r.relay.url);
  });

  test('daily quota', async () => {
    const now = Date.UTC(2026, 0, 1, 23, 0, 0);
    r = await rig({ rateLimit: 0, dailyQuota: 1, now: () => now });
    await ok(r.relay.url);
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3600');
    expect((await res.json()).error.code).toBe('daily_quota_exceeded');
    expect(r.upstream.exchanges).toHaveLength(1);
  });

  test('counted per client IP; X-Forwarded-For only with trustProxy', async () => {
    r = await rig({ rateLimit: 1, trustProxy: true });
    await ok(r.relay.url, { 'x-forwarded-for': '10.9.9.9, 198.51.100.1' });
    await ok(r.relay.url, { 'x-forwarded-for': '198.51.100.2' });
    expect((await postChat(r.relay.url, chatBody(), { headers: { 'x-forwarded-for': '198.51.100.1' } })).status).toBe(
      429,
    );
    // A client cannot escape its bucket by prepending addresses: only the proxy-appended last hop counts.
    expect(
      (await postChat(r.relay.url, chatBody(), { headers: { 'x-forwarded-for': '203.0.113.99, 198.51.100.1' } }))
        .status,
    ).toBe(429);
    await r.close();
    r = await rig({ rateLimit: 1 });
    await ok(r.relay.url, { 'x-forwarded-for': '198.51.100.1' });
    // Without trustProxy the header is ignored: same socket IP, same bucket.
    expect((await postChat(r.relay.url, chatBody(), { headers: { 'x-forwarded-for': '198.51.100.2' } })).status).toBe(
      429,
    );
  });

  test('a custom CounterStore is used', async () => {
    const keys: string[] = [];
    r = await rig({
      rateLimit: 5,
      store: { hit: async (key, windowMs, now) => (keys.push(key), { count: 99, resetAt: now + windowMs }) },
    });
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(429);
    expect(keys[0]).toMatch(/^rpm:/);
  });

  test("GET /v1/models counts against the rate limit (it spends the key's quota), in the same bucket as chat", async () => {
    r = await rig(
      { rateLimit: 2 },
      { headers: { 'content-type': 'application/json' }, chunks: ['{"object":"list","data":[]}'] },
    );
    expect((await fetch(`${r.relay.url}/v1/models`)).status).toBe(200);
    expect((await fetch(`${r.relay.url}/v1/models`)).status).toBe(200);
    const limited = await fetch(`${r.relay.url}/v1/models`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await postChat(r.relay.url)).status).toBe(429);
    expect(r.upstream.exchanges).toHaveLength(2);
  });

  test('rate limit 0 = off', async () => {
    r = await rig({ rateLimit: 0 });
    for (let i = 0; i < 40; i++) await ok(r.relay.url);
  });
});
