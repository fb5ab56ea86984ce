// Guards: each answers OpenAI-shaped JSON and never calls the upstream. Routes: /health, /v1/models, 404, 405.
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { ACCESS_TOKEN, MODELS, RATE_LIMIT } from '../context.js';
import { chatBody, errorBody, freshClientIp, post, postRefusedEarly } from '../client.js';
import { sse } from '../scripted-upstream.js';

export function guardCases(ctx: () => ConformanceContext): void {
  describe('guards', () => {
    const neverCalled = (marker: string) =>
      ctx().upstream.on(marker, ({ res }) => {
        res.writeHead(200, sse.headers);
        res.end(sse.done);
      });

    it('401 without the access token, and with a wrong one', async () => {
      const record = neverCalled('guard-401');
      const missing = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('guard-401'), { token: null });
      expect(missing.status).toBe(401);
      await errorBody(missing);
      const wrong = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('guard-401'), {
        token: 'tok-conformance-012345678X',
      });
      expect(wrong.status).toBe(401);
      await errorBody(wrong);
      expect(record.requests).toHaveLength(0);
    });

    it('400 for a model outside the allowlist', async () => {
      const record = neverCalled('guard-model');
      const response = await post(
        ctx().apiUrl,
        '/v1/chat/completions',
        chatBody('guard-model', { model: 'gpt-not-allowed' }),
      );
      expect(response.status).toBe(400);
      await errorBody(response);
      expect(record.requests).toHaveLength(0);
    });

    it('413 for a body over 8 MiB', async () => {
      const record = neverCalled('guard-413');
      const body = JSON.stringify(chatBody('guard-413', { padding: 'x'.repeat(8 * 1024 * 1024 + 16) }));
      const response = await postRefusedEarly(ctx().apiUrl, '/v1/chat/completions', body);
      expect(response.status).toBe(413);
      await errorBody(response);
      expect(record.requests).toHaveLength(0);
    });

    it('415 for a non-JSON content type', async () => {
      const record = neverCalled('guard-415');
      const response = await post(ctx().apiUrl, '/v1/chat/completions', JSON.stringify(chatBody('guard-415')), {
        headers: { 'content-type': 'text/plain' },
      });
      expect(response.status).toBe(415);
      await errorBody(response);
      expect(record.requests).toHaveLength(0);
    });

    it('400 for invalid JSON and for a body without a messages array', async () => {
      const invalid = await post(ctx().apiUrl, '/v1/chat/completions', '{"model":"gpt-test", messages: [');
      expect(invalid.status).toBe(400);
      await errorBody(invalid);
      const noMessages = await post(ctx().apiUrl, '/v1/chat/completions', { model: 'gpt-test', prompt: 'hi' });
      expect(noMessages.status).toBe(400);
      await errorBody(noMessages);
    });

    it(`429 with Retry-After after ${RATE_LIMIT} requests a minute from one client`, async () => {
      const record = ctx().upstream.on('guard-rate', ({ res }) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'gpt-test', choices: [] }));
      });
      const ip = freshClientIp();
      const statuses: number[] = [];
      for (let i = 0; i < RATE_LIMIT; i++) {
        const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('guard-rate'), { ip });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      expect(statuses).toEqual(Array(RATE_LIMIT).fill(200));
      const limited = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('guard-rate'), { ip });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      await errorBody(limited);
      expect(record.requests).toHaveLength(RATE_LIMIT);
      // Another client is not affected.
      const other = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('guard-rate'));
      expect(other.status).toBe(200);
      await other.arrayBuffer();
    });
  });

  describe('routes', () => {
    it('GET /health answers 200', async () => {
      const response = await fetch(new URL('/health', ctx().apiUrl));
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    });

    it('GET /v1/models lists the allowlist', async () => {
      const response = await fetch(new URL('/v1/models', ctx().apiUrl), {
        headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
      });
      expect(response.status).toBe(200);
      const list = (await response.json()) as { object: string; data: Array<{ id: string }> };
      expect(list.object).toBe('list');
      expect(list.data.map((model) => model.id)).toEqual(MODELS);
    });

    it('404 JSON for an unknown path', async () => {
      const response = await fetch(new URL('/v1/no-such-route', ctx().apiUrl), {
        headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
      });
      expect(response.status).toBe(404);
      await errorBody(response);
    });

    it('405 JSON for a wrong method', async () => {
      const response = await fetch(new URL('/v1/chat/completions', ctx().apiUrl), {
        headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
      });
      expect(response.status).toBe(405);
      await errorBody(response);
    });
  });
}
