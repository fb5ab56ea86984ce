// Key pool: round-robin, a key answered 401/429 is benched and the request retried once on the next key.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from '../_support/helpers.js';
import { createKeyPool, retryAfterMs } from '../../../src/relay/upstream/keys.js';
import { SSE_HEADERS, sseReply, JSON_HEADERS, type Received } from '../../support/fake-upstream.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const keyOf = (received: Received) => String(received.headers.authorization).replace('Bearer ', '');

describe('createKeyPool', () => {
  test('rotates, skips benched keys until they recover', () => {
    const pool = createKeyPool(['a', 'b', 'c']);
    expect([pool.next(0), pool.next(0), pool.next(0), pool.next(0)]).toEqual(['a', 'b', 'c', 'a']);
    pool.bench('b', 0, 1000);
    expect([pool.next(0), pool.next(0), pool.next(0)]).toEqual(['c', 'a', 'c']);
    expect(pool.next(1000)).toBe('a');
    expect(pool.next(1000)).toBe('b');
  });
  test('all benched → the one recovering first; exclude honoured', () => {
    const pool = createKeyPool(['a', 'b']);
    pool.bench('a', 0, 5000);
    pool.bench('b', 0, 2000);
    expect(pool.next(0)).toBe('b');
    expect(pool.next(0, 'b')).toBe('a');
    expect(pool.hasAlternative('a', 0)).toBe(false);
    expect(createKeyPool([]).next(0)).toBeNull();
  });
  test('Retry-After parsing', () => {
    expect(retryAfterMs('30', 0)).toBe(30_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 0)).toBe(10_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });
});

describe('key rotation over HTTP', () => {
  test('requests rotate over the keys', async () => {
    r = await rig({ apiKeys: ['key-A', 'key-B'] });
    for (let i = 0; i < 4; i++) await readBytes(await postChat(r.relay.url, chatBody({ stream: true })));
    expect(r.upstream.exchanges.map((e) => keyOf(e.received))).toEqual(['key-A', 'key-B', 'key-A', 'key-B']);
  });

  test('401 on the first key → the same request is retried once on the next key, and the bad key is benched', async () => {
    r = await rig({ apiKeys: ['key-bad', 'key-good'] }, (received) =>
      keyOf(received) === 'key-bad'
        ? {
            status: 401,
            headers: JSON_HEADERS,
            chunks: [
              '{"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}}',
            ],
          }
        : { headers: SSE_HEADERS, chunks: sseReply(['ok']) },
    );
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(200);
    expect((await readBytes(res)).toString()).toContain('"ok"');
    expect(r.upstream.exchanges.map((e) => keyOf(e.received))).toEqual(['key-bad', 'key-good']);
    // Same body both times.
    expect(r.upstream.exchanges[1]!.received.rawBody).toBe(r.upstream.exchanges[0]!.received.rawBody);
    // The bad key stays benched: the next requests go straight to the good one.
    for (let i = 0; i < 2; i++) await readBytes(await postChat(r.relay.url, chatBody({ stream: true })));
    expect(r.upstream.exchanges.map((e) => keyOf(e.received))).toEqual(['key-bad', 'key-good', 'key-good', 'key-good']);
  });

  test('429 benches for Retry-After, then the key is used again', async () => {
    let now = 1_000_000;
    let limited = true;
    r = await rig({ apiKeys: ['key-A', 'key-B'], now: () => now }, (received) =>
      keyOf(received) === 'key-A' && limited
        ? {
            status: 429,
            headers: { ...JSON_HEADERS, 'retry-after': '5' },
            chunks: ['{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}'],
          }
        : { headers: SSE_HEADERS, chunks: sseReply(['ok']) },
    );
    expect((await postChat(r.relay.url, chatBody({ stream: true }))).status).toBe(200);
    limited = false;
    await readBytes(await postChat(r.relay.url, chatBody({ stream: true })));
    expect(r.upstream.exchanges.map((e) => keyOf(e.received))).toEqual(['key-A', 'key-B', 'key-B']);
    now += 5_000;
    await readBytes(await postChat(r.relay.url, chatBody({ stream: true })));
    expect(keyOf(r.upstream.exchanges.at(-1)!.received)).toBe('key-A');
  });

  test('only one retry: when every key fails the client gets the upstream error', async () => {
    r = await rig(
      { apiKeys: ['k1', 'k2', 'k3'] },
      {
        status: 429,
        headers: { ...JSON_HEADERS, 'retry-after': '20' },
        chunks: ['{"error":{"message":"quota","type":"insufficient_quota","code":"insufficient_quota"}}'],
      },
    );
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('20');
    expect((await res.json()).error.code).toBe('insufficient_quota');
    expect(r.upstream.exchanges).toHaveLength(2);
  });
});
