// Guard: CORS allowlist — allowed origins get headers, others get none, and a POST from them is refused (403).
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from '../_support/helpers.js';
import {
  createCorsPolicy,
  originMatcher,
  MAX_ORIGIN_LENGTH,
  MAX_REQUEST_HEADERS_LENGTH,
  normalizeOrigin,
  requestedHeaders,
} from '../../../src/relay/guards/cors.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('origin matching', () => {
  test('port wildcard, exact and own host', () => {
    const m = originMatcher('http://localhost:*');
    expect(m('http://localhost:5173')).toBe(true);
    expect(m('http://localhost')).toBe(true);
    expect(m('http://localhost.evil.com:80')).toBe(false);
    expect(m('http://localhost:80.evil.com')).toBe(false);
    expect(m('https://localhost:5173')).toBe(false);
    const policy = createCorsPolicy(undefined);
    expect(policy.allows('http://127.0.0.1:3000', 'relay.example.com')).toBe(true);
    expect(policy.allows('https://relay.example.com', 'relay.example.com')).toBe(true);
    expect(policy.allows('https://evil.example.com', 'relay.example.com')).toBe(false);
    expect(policy.allows('null', 'relay.example.com')).toBe(false);
    const custom = createCorsPolicy(['https://Shop.Example.com/']);
    expect(custom.allows('https://shop.example.com', 'x')).toBe(true);
    expect(custom.allows('http://localhost:5173', 'x')).toBe(false);
  });
  test('an Origin over MAX_ORIGIN_LENGTH is never allowed, not even by "*"', () => {
    const long = 'http://a' + '/'.repeat(MAX_ORIGIN_LENGTH);
    expect(createCorsPolicy(['*']).allows(long, null)).toBe(false);
    expect(createCorsPolicy(['*']).allows('http://a' + '/'.repeat(100), null)).toBe(true);
    expect(normalizeOrigin(' HTTP://Localhost:5173/// ')).toBe('http://localhost:5173');
  });
  test('preflight header list: valid names only, none from an oversized list', () => {
    expect(requestedHeaders('x-a, Content-Type, x b, x-c')).toEqual(['x-a', 'x-c']);
    expect(requestedHeaders('x-a,'.repeat(MAX_REQUEST_HEADERS_LENGTH))).toEqual([]);
    expect(requestedHeaders(null)).toEqual([]);
  });
});

describe('CORS over HTTP', () => {
  test('default: http://localhost:* gets CORS headers with Vary: Origin', async () => {
    r = await rig();
    const res = await postChat(r.relay.url, chatBody({ stream: true }), {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    await readBytes(res);
  });

  test('default: the relay’s own origin is allowed', async () => {
    r = await rig();
    const res = await fetch(`${r.relay.url}/health`, { headers: { origin: r.relay.url } });
    expect(res.headers.get('access-control-allow-origin')).toBe(r.relay.url);
  });

  test('disallowed origin: GET answered without CORS headers; POST refused 403 without calling upstream', async () => {
    r = await rig();
    const get = await fetch(`${r.relay.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('vary')).toContain('Origin');
    const post = await postChat(r.relay.url, chatBody({ stream: true }), {
      headers: { origin: 'https://evil.example' },
    });
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    expect(await post.json()).toMatchObject({ error: { type: 'permission_error', code: 'origin_not_allowed' } });
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('preflight from an allowed origin → 204 with methods and headers', async () => {
    r = await rig({ allowOrigins: ['https://shop.example.com'] });
    const res = await fetch(`${r.relay.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(res.headers.get('vary')).toContain('Origin');
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('preflight from a disallowed origin → no CORS headers', async () => {
    r = await rig({ allowOrigins: ['https://shop.example.com'] });
    const res = await fetch(`${r.relay.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  test('a configured list replaces the localhost default', async () => {
    r = await rig({ allowOrigins: ['https://shop.example.com'] });
    const res = await postChat(r.relay.url, chatBody(), { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(403);
    const ok = await postChat(r.relay.url, chatBody({ stream: true }), {
      headers: { origin: 'https://shop.example.com' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    await readBytes(ok);
  });

  test('errors from guards still carry CORS headers for allowed origins (so the page can read them)', async () => {
    r = await rig({ accessTokens: ['t-0123456789abcdef'] });
    const res = await postChat(r.relay.url, chatBody(), { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  test('behind a proxy (trustProxy) the own origin is the forwarded host', async () => {
    r = await rig({ trustProxy: true });
    const res = await postChat(r.relay.url, chatBody({ stream: true }), {
      headers: { origin: 'https://chat.example.com', 'x-forwarded-host': 'chat.example.com' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://chat.example.com');
    await readBytes(res);
    await r.close();
    r = await rig();
    const refused = await postChat(r.relay.url, chatBody(), {
      headers: { origin: 'https://chat.example.com', 'x-forwarded-host': 'chat.example.com' },
    });
    expect(refused.status).toBe(403);
  });
});
