// Guard: access token (401, constant-time compare) — and the upstream is never called for a refused request.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from '../_support/helpers.js';
import { bearerToken, constantTimeEqual, createAccessCheck } from '../../../src/relay/guards/auth.js';
import { MAX_AUTHORIZATION_LENGTH } from '../../../src/relay/guards/auth.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const enc = (s: string) => new TextEncoder().encode(s);

describe('constantTimeEqual / bearerToken', () => {
  test('equal only for identical bytes', () => {
    expect(constantTimeEqual(enc('secret-token'), enc('secret-token'))).toBe(true);
    expect(constantTimeEqual(enc('secret-token'), enc('secret-tokeN'))).toBe(false);
    expect(constantTimeEqual(enc('secret-token'), enc('secret-token2'))).toBe(false);
    expect(constantTimeEqual(enc(''), enc('x'))).toBe(false);
    expect(constantTimeEqual(enc(''), enc(''))).toBe(true);
    // Same length, different content, and a prefix — both refused.
    expect(constantTimeEqual(enc('abc'), enc('abd'))).toBe(false);
    expect(constantTimeEqual(enc('ab'), enc('abab'))).toBe(false);
  });
  test('parses Bearer case-insensitively, rejects other schemes', () => {
    expect(bearerToken('Bearer t1')).toBe('t1');
    expect(bearerToken('bearer   t1  ')).toBe('t1');
    expect(bearerToken('Basic dXNlcg==')).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
  test('keeps inner blanks, refuses line breaks and a missing token', () => {
    expect(bearerToken('Bearer a b\t')).toBe('a b');
    expect(bearerToken('Bearer\ttok')).toBe('tok');
    expect(bearerToken('Bearer \u00a0tok')).toBeNull();
    expect(bearerToken('Bearer a\u2028b')).toBeNull();
    expect(bearerToken('Bearer    ')).toBeNull();
  });
  test('an oversized Authorization header is an invalid token, not parsed', async () => {
    const check = createAccessCheck(['tok-1'])!;
    const header = 'Bearer x' + ' '.repeat(MAX_AUTHORIZATION_LENGTH) + 'y';
    const res = check(new Request('http://relay/', { headers: { authorization: header } }))!;
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_access_token' } });
  });
});

describe('access token guard over HTTP', () => {
  test('missing token → 401 JSON, upstream not called', async () => {
    r = await rig({ accessTokens: ['tok-1-0123456789abcdef', 'tok-2-0123456789abcdef'] });
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toMatchObject({ error: { type: 'authentication_error', code: 'missing_access_token' } });
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('wrong token → 401 invalid_access_token, upstream not called', async () => {
    r = await rig({ accessTokens: ['tok-1-0123456789abcdef'] });
    const res = await postChat(r.relay.url, chatBody(), {
      headers: { authorization: 'Bearer tok-2-0123456789abcdef' },
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_access_token');
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('any configured token is accepted', async () => {
    r = await rig({ accessTokens: ['tok-1-0123456789abcdef', 'tok-2-0123456789abcdef'] });
    for (const token of ['tok-1-0123456789abcdef', 'tok-2-0123456789abcdef']) {
      const res = await postChat(r.relay.url, chatBody({ stream: true }), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      await readBytes(res);
    }
    expect(r.upstream.exchanges).toHaveLength(2);
  });

  test('/v1/models is guarded too; /health is not', async () => {
    r = await rig({ accessTokens: ['tok-1-0123456789abcdef'], models: ['m1'] });
    expect((await fetch(`${r.relay.url}/v1/models`)).status).toBe(401);
    expect(
      (await fetch(`${r.relay.url}/v1/models`, { headers: { authorization: 'Bearer tok-1-0123456789abcdef' } })).status,
    ).toBe(200);
    expect((await fetch(`${r.relay.url}/health`)).status).toBe(200);
  });

  test('no tokens configured → open', async () => {
    r = await rig();
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(200);
    await readBytes(res);
  });
});
