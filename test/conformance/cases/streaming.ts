// Streaming passthrough: byte-exact, as bytes arrive, with the SSE headers proxies need; what the upstream receives.
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { MAX_TOKENS, UPSTREAM_KEY } from '../context.js';
import { chatBody, post, StreamReader } from '../client.js';
import { sse } from '../scripted-upstream.js';

export function streamingCases(ctx: () => ConformanceContext): void {
  describe('streaming passthrough', () => {
    it('passes SSE bytes through unchanged, CJK and emoji split across upstream chunks, as they arrive', async () => {
      const event = Buffer.from(sse.chunk('你好，世界 👋 流式传输'), 'utf8');
      // Cut inside multi-byte characters: one byte into "你" (3 bytes), two bytes into the emoji (4 bytes).
      const cjkAt = event.indexOf(Buffer.from('你', 'utf8')) + 1;
      const emojiAt = event.indexOf(Buffer.from('👋', 'utf8')) + 2;
      const pieces = [
        event.subarray(0, cjkAt),
        event.subarray(cjkAt, emojiAt),
        event.subarray(emojiAt),
        Buffer.from(sse.done),
      ];
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      ctx().upstream.on('stream-cjk', async ({ res }) => {
        res.writeHead(200, sse.headers);
        res.write(pieces[0]);
        await released; // the rest only after the client has seen the first piece: proves no buffering
        for (const piece of pieces.slice(1)) {
          res.write(piece);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        res.end();
      });

      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('stream-cjk', { stream: true }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).toContain('no-cache');
      expect(response.headers.get('cache-control')).toContain('no-transform');
      expect(response.headers.get('x-accel-buffering')).toBe('no');
      expect(response.headers.get('content-length')).toBeNull();
      expect(response.headers.get('content-encoding')).toBeNull();

      const reader = new StreamReader(response);
      await reader.until((text) => text.length > 0);
      release();
      const received = Buffer.from(await reader.toEnd());
      expect(received.toString('utf8')).toBe(Buffer.concat(pieces).toString('utf8'));
      expect(received.equals(Buffer.concat(pieces))).toBe(true);
    });

    it('sets the upstream auth itself, forwards no client credentials, asks for usage, clamps max_tokens', async () => {
      const record = ctx().upstream.on('upstream-sees', ({ res }) => {
        res.writeHead(200, sse.headers);
        res.end(sse.chunk('ok') + sse.done);
      });
      const response = await post(
        ctx().apiUrl,
        '/v1/chat/completions',
        chatBody('upstream-sees', { stream: true, max_tokens: 100_000 }),
        { headers: { cookie: 'session=secret-cookie', 'x-custom-client': 'leak' } },
      );
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      const [seen] = record.requests;
      expect(seen).toBeDefined();
      expect(seen!.path).toBe('/v1/chat/completions');
      expect(seen!.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
      expect(seen!.headers.cookie).toBeUndefined();
      expect(seen!.headers['x-custom-client']).toBeUndefined();
      expect(seen!.body.stream_options).toMatchObject({ include_usage: true });
      expect(seen!.body.max_tokens).toBe(MAX_TOKENS);
    });

    it('relays a non-stream completion as JSON', async () => {
      const completion = {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-test',
        choices: [{ index: 0, message: { role: 'assistant', content: '非流式回复' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      };
      ctx().upstream.on('non-stream', ({ res }) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(completion));
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('non-stream'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(await response.json()).toEqual(completion);
    });
  });
}
