// CORS: preflight from an allowed origin is answered; an origin off the allowlist gets no CORS headers and a
// 403 for the POST.
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { ALLOWED_ORIGIN } from '../context.js';
import { chatBody, errorBody, post } from '../client.js';

function preflight(baseUrl: string, origin: string): Promise<Response> {
  return fetch(new URL('/v1/chat/completions', baseUrl), {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

export function corsCases(ctx: () => ConformanceContext): void {
  describe('CORS', () => {
    it('answers the preflight of an allowed origin', async () => {
      const response = await preflight(ctx().apiUrl, ALLOWED_ORIGIN);
      await response.arrayBuffer();
      expect([200, 204]).toContain(response.status);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')?.toUpperCase()).toContain('POST');
      const allowHeaders = response.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
      expect(allowHeaders).toContain('authorization');
      expect(allowHeaders).toContain('content-type');
    });

    it('gives an origin off the allowlist no CORS headers, and 403 for its POST', async () => {
      const response = await preflight(ctx().apiUrl, 'https://evil.example');
      await response.arrayBuffer();
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const record = ctx().upstream.on('cors-denied', ({ res }) => void res.end());
      const denied = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('cors-denied'), {
        headers: { origin: 'https://evil.example' },
      });
      expect(denied.status).toBe(403);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      await errorBody(denied);
      expect(record.requests).toHaveLength(0);
    });

    it('adds the CORS header to the response of an allowed origin', async () => {
      ctx().upstream.on('cors-allowed', ({ res }) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'gpt-test', choices: [] }));
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('cors-allowed'), {
        headers: { origin: ALLOWED_ORIGIN },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    });
  });
}
