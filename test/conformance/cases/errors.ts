// Upstream errors: before the first byte they keep the upstream status as OpenAI-shaped JSON; after the stream
// started they become a `data: {"error":…}` event and the stream ends (never a silent stop, never a hang).
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { chatBody, errorBody, post, StreamReader } from '../client.js';
import { sse } from '../scripted-upstream.js';

export function errorCases(ctx: () => ConformanceContext): void {
  describe('upstream errors', () => {
    it('keeps a 429 status and its Retry-After, as OpenAI-shaped JSON', async () => {
      ctx().upstream.on('err-429', ({ res }) => {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
        res.end(
          JSON.stringify({
            error: { message: 'Rate limit reached for gpt-test', type: 'requests', code: 'rate_limit_exceeded' },
          }),
        );
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('err-429', { stream: true }));
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      const body = await errorBody(response);
      expect(body.error.message).toContain('Rate limit');
    });

    it('turns an HTML 502 page into OpenAI-shaped JSON with status 502', async () => {
      ctx().upstream.on('err-502', ({ res }) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('err-502', { stream: true }));
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      const body = await errorBody(response);
      expect(body.error.message).not.toContain('<html>');
    });

    it('keeps a 400 from the upstream with its message', async () => {
      ctx().upstream.on('err-400', ({ res }) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message: "This model's maximum context length is 8192 tokens",
              type: 'invalid_request_error',
              code: 'context_length_exceeded',
            },
          }),
        );
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('err-400'));
      expect(response.status).toBe(400);
      const body = await errorBody(response);
      expect(body.error.message).toContain('maximum context length');
    });

    it('ends a stream cut by the upstream with a data: error event', async () => {
      ctx().upstream.on('err-cut', async ({ res }) => {
        res.writeHead(200, sse.headers);
        res.write(sse.chunk('部分回复'));
        await new Promise((resolve) => setTimeout(resolve, 50));
        res.destroy(); // the socket dies mid-stream, without [DONE]
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('err-cut', { stream: true }));
      expect(response.status).toBe(200);
      const reader = new StreamReader(response);
      await reader.toEnd();
      expect(reader.text).toContain('部分回复');
      const errorEvent = reader.text.split('\n').find((line) => line.startsWith('data: {"error"'));
      expect(errorEvent, reader.text).toBeDefined();
      const parsed = JSON.parse(errorEvent!.slice('data: '.length)) as { error: { message: string; type: string } };
      expect(typeof parsed.error.message).toBe('string');
      expect(typeof parsed.error.type).toBe('string');
    });

    it('answers an unreachable upstream path with OpenAI-shaped JSON, not a hang', async () => {
      // No scenario registered: the fake upstream answers 500 JSON for unknown markers.
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('no-such-scenario'));
      expect(response.status).toBe(500);
      await errorBody(response);
    });
  });
}
