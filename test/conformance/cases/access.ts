// Access and cost guards on every runtime: the token lockout (counted in the runtime's store: a Durable Object on
// workerd), /v1/models under the rate limit, refused request parameters, and — on the adapters, which have no
// start-up check of the listening address — a relay with no token and no GPT_CHAT_PUBLIC answering 503.
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { ACCESS_TOKEN, RATE_LIMIT } from '../context.js';
import { chatBody, errorBody, freshClientIp, post } from '../client.js';
import { startRelay, RUNTIMES, type RuntimeName } from '../runtimes/index.js';

export function accessCases(ctx: () => ConformanceContext, runtime: string): void {
  describe('access and cost guards', () => {
    it('10 wrong tokens lock the client IP out: 429 with Retry-After, even for the right token', async () => {
      const ip = freshClientIp();
      for (let i = 0; i < 10; i++) {
        const token = `wrong-token-${i}-0123456789`;
        const wrong = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('lockout'), { ip, token });
        expect(wrong.status).toBe(401);
        await wrong.arrayBuffer();
      }
      const locked = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('lockout'), { ip });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect((await errorBody(locked)).error.code).toBe('too_many_auth_failures');
      const other = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('lockout', { model: 'not-allowed' }));
      expect(other.status).toBe(400); // another client IP gets past the lockout (to the model allowlist)
      await other.arrayBuffer();
    });

    it('GET /v1/models counts against the rate limit', async () => {
      const ip = freshClientIp();
      const headers = { authorization: `Bearer ${ACCESS_TOKEN}`, 'x-forwarded-for': ip };
      const get = () => fetch(new URL('/v1/models', ctx().apiUrl), { headers });
      for (let i = 0; i < RATE_LIMIT; i++) expect((await get()).status).toBe(200);
      const limited = await get();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('400 naming the field for a cost-raising parameter, an unknown one, and a non-integer max_tokens', async () => {
      const cases = [
        [{ service_tier: 'priority' }, 'service_tier'],
        [{ bogus: 1 }, 'bogus'],
        [{ max_tokens: '5000' }, 'max_tokens'],
      ];
      for (const [extra, param] of cases as Array<[Record<string, unknown>, string]>) {
        const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('params', extra));
        expect(response.status).toBe(400);
        expect((await errorBody(response)).error).toMatchObject({ param });
      }
    });

    // Node's CLI refuses such a relay at start-up instead (test/relay/cli/index.access.test.ts); an external relay
    // is not ours.
    if (runtime === 'node' || !(RUNTIMES as readonly string[]).includes(runtime)) return;
    it('no token and no GPT_CHAT_PUBLIC → 503 on the API saying how to configure it; /health answers', async () => {
      const relay = await startRelay[runtime as RuntimeName]({ upstream: ctx().upstream.url });
      try {
        for (const path of ['/v1/chat/completions', '/v1/models']) {
          const headers = { 'content-type': 'application/json' };
          const post = { method: 'POST', headers, body: JSON.stringify(chatBody('closed')) };
          const init = path === '/v1/models' ? {} : post;
          const response = await fetch(new URL(path, relay.url), init);
          expect(response.status).toBe(503);
          const { error } = await errorBody(response);
          expect(error.code).toBe('access_not_configured');
          expect(error.message).toContain('GPT_CHAT_TOKENS');
          expect(error.message).toContain('GPT_CHAT_PUBLIC=1');
        }
        expect((await fetch(new URL('/health', relay.url))).status).toBe(200);
      } finally {
        await relay.stop();
      }
    });
  });
}
