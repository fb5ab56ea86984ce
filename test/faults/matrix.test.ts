// The relay fault matrix (issue 5): each fault is one test with its named expected outcome, run against the
// spawned CLI (dist/relay/cli/index.js: node:http server, undici upstream) in front of a fake upstream on 127.0.0.1.
// Library-level tests of the same behaviours live in test/relay; they are referenced per case so
// the whole matrix reads in one place:
//
// | fault                                   | expected outcome                                        | also covered by |
// |-----------------------------------------|---------------------------------------------------------|-----------------|
// | upstream refuses the connection         | 502 OpenAI-shaped JSON, code upstream_unreachable        | test/relay/exchange/exchange.upstream-errors.test.ts "unreachable upstream → 502 JSON" |
// | upstream stalls before headers          | 200 event stream, ": ping" heartbeats, then an error event upstream_timeout; upstream request aborted | test/relay/exchange/timers.heartbeat.test.ts, upstream-errors.test.ts "idle timeout before headers → 504" (heartbeat off) |
// | upstream cuts the socket mid-stream     | the bytes so far, then an error event; the stream ends   | upstream-errors.test.ts "an upstream cut mid-stream…" |
// | upstream answers an HTML 502 page       | 502 OpenAI-shaped JSON                                   | upstream-errors.test.ts "an HTML 502 page…" |
// | upstream sends invalid SSE lines        | passed through byte-exact; the stream ends cleanly       | streaming.test.ts (byte-exact, valid events only) |
// | client aborts (body, headers, 1st byte, mid-stream) | the upstream socket closes within 2 s; relay keeps serving | test/relay/exchange/exchange.abort.test.ts (library) |
// | slow-loris client body                  | 408 request_timeout, connection closed, upstream never called | guard-body.test.ts "a body that trickles in too slowly" (stalled body) |
// | 100 parallel requests, one bucket       | exactly the limit admitted, the rest 429 + Retry-After   | guard-rate-limit.test.ts (sequential) |
// | SIGTERM with 20 streams in flight       | all finish (or end with an error event), exit 0          | test/relay/cli/index.test.ts "SIGTERM…" (3 streams) |
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SSE_HEADERS,
  JSON_HEADERS,
  completionJson,
  sseChunk,
  sseReply,
  startFakeUpstream,
  type FakeUpstream,
} from '../support/fake-upstream.js';
import { serveRelay } from '../support/serve-relay.js';
import { ensureRelayBuilt, startCli, waitUntil, type RunningCli } from '../relay/_support/run-cli.js';
import { chatRequest, collect, parseSseText, post, rawSocket, readAll, sleep } from './support.js';

const KEY = 'sk-fault-matrix-0123456789';
let upstream: FakeUpstream;
const running: RunningCli[] = [];

async function cli(args: string[] = [], env: Record<string, string> = {}, target = upstream.url): Promise<RunningCli> {
  const c = await startCli(['--upstream', target, '--api-key', KEY, '--rate-limit', '0', ...args], env);
  running.push(c);
  return c;
}

beforeAll(async () => {
  ensureRelayBuilt();
  upstream = await startFakeUpstream();
}, 180_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

afterAll(async () => {
  await upstream?.close();
});

describe('relay fault matrix (spawned CLI)', () => {
  it('upstream refuses the connection → 502 JSON upstream_unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const relay = await cli([], {}, `http://127.0.0.1:${port}/v1`);
    const res = await post(relay.url);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'upstream_unreachable' });
    expect(typeof body.error.message).toBe('string');
  });

  it('upstream stalls before headers → heartbeats flow, then the idle timeout ends the stream with an error event', async () => {
    upstream.reply({ stallBeforeHeadersMs: Infinity });
    const relay = await cli(['--heartbeat', '0.2', '--timeout', '1.5']);
    const index = upstream.exchanges.length;
    const res = await post(relay.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const { text, failed } = await readAll(res);
    expect(failed).toBeNull();
    const sse = parseSseText(text);
    expect(sse.comments.filter((c) => c === 'ping').length).toBeGreaterThanOrEqual(2);
    expect(sse.error).toMatchObject({ code: 'upstream_timeout' });
    expect(text.endsWith('\n\n')).toBe(true);
    await upstream.waitForClientGone(index, 5_000);
  });

  it('upstream cuts the socket mid-stream → the bytes so far, then an error event, then the end (no hang)', async () => {
    upstream.reply({
      headers: SSE_HEADERS,
      chunks: [sseChunk('部分 '), sseChunk('partial')],
      delayMs: 20,
      finish: 'cut',
    });
    const relay = await cli();
    const res = await post(relay.url);
    expect(res.status).toBe(200);
    const { text, failed } = await readAll(res);
    expect(failed).toBeNull();
    expect(text.startsWith(sseChunk('部分 ') + sseChunk('partial'))).toBe(true);
    const sse = parseSseText(text);
    expect(sse.done).toBe(false);
    expect(sse.error).toMatchObject({ code: 'upstream_disconnected' });
  });

  it('upstream answers an HTML 502 page → 502 OpenAI-shaped JSON', async () => {
    upstream.reply({
      status: 502,
      headers: { 'content-type': 'text/html' },
      chunks: ['<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>'],
    });
    const relay = await cli();
    for (const stream of [true, false]) {
      const res = await post(relay.url, { stream });
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const text = await res.text();
      expect(text).not.toContain('<html');
      const body = JSON.parse(text);
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'type']);
    }
  });

  it('upstream sends invalid SSE lines → passed through byte-exact, and the stream ends cleanly', async () => {
    const weird = [
      'data: {not json at all\n\n',
      'event: surprise\nid: 7\nretry: soon\ndata: {"choices":[]}\n\n',
      ':a comment without a space\n\n',
      'this line has no field name\n\n',
      'data:no-space-after-colon\r\n\r\n',
      'data: {"choices":[{"index":0,"delta":{"content":"😀 ok"}}]}\n\n',
      'data: [DONE]\n\n',
    ];
    upstream.reply({ headers: SSE_HEADERS, chunks: weird, delayMs: 5 });
    const relay = await cli();
    const index = upstream.exchanges.length;
    const res = await post(relay.url);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(Buffer.from(weird.join(''), 'utf8'))).toBe(true);
    await upstream.waitForRequests(index + 1);
    expect(upstream.exchanges[index]!.clientGone).toBe(false);
  });

  describe('client aborts at each stage → the upstream socket closes, the relay keeps serving', () => {
    it('while sending its request body (upstream never called)', async () => {
      const relay = await cli();
      const before = upstream.exchanges.length;
      const socket = await rawSocket(relay.url);
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"messages":`,
      );
      await sleep(100);
      socket.destroy();
      const health = await fetch(`${relay.url}/health`);
      expect(health.status).toBe(200);
      await sleep(200);
      expect(upstream.exchanges.length).toBe(before);
    });

    it('while waiting for upstream headers', async () => {
      upstream.reply({ stallBeforeHeadersMs: Infinity });
      const relay = await cli(['--heartbeat', '60']);
      const index = upstream.exchanges.length;
      const abort = new AbortController();
      const pending = post(relay.url, { signal: abort.signal }).catch((e: unknown) => e);
      await upstream.waitForRequests(index + 1);
      abort.abort();
      await pending;
      await upstream.waitForClientGone(index, 2_000);
    });

    it('after upstream headers, before its first byte', async () => {
      upstream.reply({ headers: SSE_HEADERS, stallAfterHeadersMs: Infinity });
      const relay = await cli(['--heartbeat', '60']);
      const index = upstream.exchanges.length;
      const abort = new AbortController();
      const res = await post(relay.url, { signal: abort.signal });
      expect(res.status).toBe(200);
      abort.abort();
      await upstream.waitForClientGone(index, 2_000);
    });

    it('mid-stream', async () => {
      upstream.reply({
        headers: SSE_HEADERS,
        chunks: [sseChunk('one'), sseChunk('two'), sseChunk('three')],
        delayMs: 50,
        finish: 'hang',
      });
      const relay = await cli(['--heartbeat', '60']);
      const index = upstream.exchanges.length;
      const res = await post(relay.url);
      const reader = res.body!.getReader();
      await reader.read();
      await reader.cancel();
      await upstream.waitForClientGone(index, 2_000);
      expect((await fetch(`${relay.url}/health`)).status).toBe(200);
    });

    it('non-stream request while the upstream is still answering', async () => {
      upstream.reply({ headers: JSON_HEADERS, stallBeforeHeadersMs: Infinity });
      const relay = await cli();
      const index = upstream.exchanges.length;
      const abort = new AbortController();
      const pending = post(relay.url, { stream: false, signal: abort.signal }).catch((e: unknown) => e);
      await upstream.waitForRequests(index + 1);
      abort.abort();
      await pending;
      await upstream.waitForClientGone(index, 2_000);
    });
  });

  it('slow-loris client body (a byte every 50 ms, never finishing) → 408 and the connection closes; upstream never called', async () => {
    // Library relay with a short body deadline: the trickle keeps the socket busy, so only a total deadline helps.
    const relay = await serveRelay({ upstream: upstream.url, apiKeys: [KEY], rateLimit: 0, bodyTimeoutSeconds: 0.5 });
    try {
      const before = upstream.exchanges.length;
      const socket = await rawSocket(relay.url);
      const body = chatRequest();
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 1000}\r\n\r\n`,
      );
      let i = 0;
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write(body[i++ % body.length]!);
      }, 50);
      const got = await collect(socket, 10_000);
      clearInterval(trickle);
      socket.destroy();
      expect(got.text).toMatch(/^HTTP\/1\.1 408/);
      expect(got.text).toContain('request_timeout');
      expect(upstream.exchanges.length).toBe(before);
    } finally {
      await relay.close();
    }
  });

  it('slow-loris client body through the CLI (default 30 s body deadline) → 408, not a connection held forever', async () => {
    const relay = await cli();
    const socket = await rawSocket(relay.url);
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"messages":[`,
    );
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 500);
    const got = await collect(socket, 45_000);
    clearInterval(trickle);
    socket.destroy();
    expect(got.text).toMatch(/^HTTP\/1\.1 408/);
  }, 60_000);

  it('100 parallel requests racing one rate-limit bucket → exactly the limit admitted, the rest 429 with Retry-After', async () => {
    upstream.reply({ headers: JSON_HEADERS, chunks: [completionJson('ok')] });
    const relay = await startCli(['--upstream', upstream.url, '--api-key', KEY, '--rate-limit', '10']);
    running.push(relay);
    const before = upstream.exchanges.length;
    const responses = await Promise.all(Array.from({ length: 100 }, () => post(relay.url, { stream: false })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(90);
    for (const r of responses) {
      const body = await r.json();
      if (r.status === 429) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(body.error.type).toBeTruthy();
      }
    }
    expect(upstream.exchanges.length - before).toBe(10);
  });

  describe('SIGTERM with 20 streams in flight', () => {
    it('streams shorter than the grace period all finish with [DONE]; exit 0', async () => {
      const pieces = Array.from({ length: 10 }, (_, i) => `piece ${i} `);
      upstream.reply({ headers: SSE_HEADERS, chunks: sseReply(pieces), delayMs: 100 });
      const relay = await cli(['--heartbeat', '60']);
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(relay.url)));
      const reads = responses.map((r) => readAll(r));
      await waitUntil(
        () => upstream.exchanges.filter((e) => e.sent.length > 0 && !e.finished).length >= 20,
        '20 streams in flight',
      );
      relay.child.kill('SIGTERM');
      const outcomes = await Promise.all(reads);
      for (const { text, failed } of outcomes) {
        expect(failed).toBeNull();
        const sse = parseSseText(text);
        expect(sse.done).toBe(true);
        expect(sse.data.length).toBe(pieces.length + 4);
      }
      expect(await relay.exited).toBe(0);
    });

    /** 20 streams from a never-ending upstream, SIGTERM with a 500 ms grace period: what each client saw. */
    async function cutAfterGrace() {
      upstream.reply({ headers: SSE_HEADERS, chunks: [sseChunk('never ending ')], finish: 'hang' });
      const relay = await cli(['--heartbeat', '60'], { GPT_CHAT_SHUTDOWN_MS: '500' });
      const before = upstream.exchanges.length;
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(relay.url)));
      const reads = responses.map((r) => readAll(r));
      await waitUntil(() => upstream.exchanges.length - before >= 20, '20 upstream requests');
      relay.child.kill('SIGTERM');
      const outcomes = await Promise.all(reads);
      const exit = await relay.exited;
      for (let i = before; i < before + 20; i++) await upstream.waitForClientGone(i, 5_000);
      return { outcomes, exit };
    }

    it('streams longer than the grace period: every client stream ends (none hangs), every upstream request is aborted, exit 0', async () => {
      const { outcomes, exit } = await cutAfterGrace();
      expect(outcomes).toHaveLength(20);
      for (const { text } of outcomes) expect(text).toContain('never ending');
      expect(exit).toBe(0);
    });

    it('streams longer than the grace period each end with a retryable error event (not a silent cut)', async () => {
      const { outcomes } = await cutAfterGrace();
      const silent = outcomes.filter(({ text }) => {
        const sse = parseSseText(text);
        return !sse.done && !sse.error;
      });
      expect(silent.length, `${silent.length} of 20 streams ended without [DONE] or an error event`).toBe(0);
      for (const { text } of outcomes) expect(text).toContain('"code":"relay_shutting_down"');
    });
  });
});
