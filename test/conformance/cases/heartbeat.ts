// Heartbeats: when the upstream is silent for the heartbeat interval (1 s in the suite's relay), before or after
// its headers, the relay commits a 200 event stream and writes `: ping` comments, then relays what comes.
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { chatBody, post, StreamReader } from '../client.js';
import { sse } from '../scripted-upstream.js';

const PING = /^: ?ping/m;

export function heartbeatCases(ctx: () => ConformanceContext): void {
  describe('heartbeats', () => {
    it('pings while the upstream has not answered yet, then relays its reply', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      ctx().upstream.on('hb-before', async ({ res }) => {
        await released; // silent until the client has seen a ping
        res.writeHead(200, sse.headers);
        res.end(sse.chunk('迟到的第一个字') + sse.done);
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('hb-before', { stream: true }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = new StreamReader(response);
      await reader.until((text) => PING.test(text));
      expect(reader.text).not.toContain('data:');
      release();
      await reader.until((text) => text.includes('[DONE]'));
      expect(reader.text).toContain('迟到的第一个字');
    });

    it('pings when the upstream goes silent mid-stream', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      ctx().upstream.on('hb-after', async ({ res }) => {
        res.writeHead(200, sse.headers);
        res.write(sse.chunk('思考中'));
        await released;
        res.end(sse.chunk('完毕') + sse.done);
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('hb-after', { stream: true }));
      expect(response.status).toBe(200);
      const reader = new StreamReader(response);
      await reader.until((text) => text.includes('思考中'));
      const afterFirst = reader.text.length;
      await reader.until((text) => PING.test(text.slice(afterFirst)));
      release();
      await reader.until((text) => text.includes('[DONE]'));
      expect(reader.text).toContain('完毕');
    });
  });
}
