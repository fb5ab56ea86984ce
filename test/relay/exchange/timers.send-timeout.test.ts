// Issue 11, part 5: a client that stops reading cannot hold an upstream request. A raw TCP client sends its POST
// and then reads nothing; with sendTimeoutSeconds 1 the upstream sees its request aborted within a few seconds and
// the client's connection is closed. A client that reads slowly but steadily is not cut.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { RequestLog } from '../../../src/relay/settings/options.js';
import { createRelay } from '../../../src/relay/index.js';
import { chatBody, eventually } from '../_support/helpers.js';
import { SERVER_KINDS, serveRelay, useServer, type ServedRelay } from '../../support/serve-relay.js';
import { nodeFetch } from '../_support/node-fetch.js';

const EVENT = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(8000) } }] })}\n\n`;

/** Waits for 'drain' or 'close', and takes both listeners off again: one per wait would pile up on a long stream. */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

/** An upstream that streams `total` bytes of SSE events as fast as it may, and records when it is aborted. */
async function bigUpstream(total: number) {
  const state = { sent: 0, abortedAt: null as number | null, finished: false };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.on('close', () => {
        if (!state.finished) state.abortedAt ??= performance.now();
      });
      while (state.sent < total && !res.destroyed) {
        state.sent += EVENT.length;
        if (!res.write(EVENT)) await drainOrClose(res);
      }
      if (res.destroyed) return;
      state.finished = true;
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
  return { state, url, close };
}

/** Sends the chat POST over a raw socket and leaves it paused (nothing is read until the test says so). */
function rawPost(relayUrl: string): Socket {
  const { hostname, port } = new URL(relayUrl);
  const body = chatBody({ stream: true });
  const socket = connect({ host: hostname, port: Number(port) });
  const head = `POST /v1/chat/completions HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\n`;
  socket.write(`${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  socket.pause();
  return socket;
}

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const relayOptions = (upstream: string) => ({
  upstream,
  apiKeys: ['sk-upstream-secret-1'],
  rateLimit: 0,
  heartbeatSeconds: 0,
  sendTimeoutSeconds: 1,
});

async function setup(total: number, fetch?: typeof globalThis.fetch) {
  const upstream = await bigUpstream(total);
  const logs: RequestLog[] = [];
  const relay: ServedRelay = await serveRelay({ ...relayOptions(upstream.url), log: (l) => logs.push(l), fetch });
  cleanup.push(upstream.close, relay.close);
  return { upstream, relay, logs };
}

describe.each(SERVER_KINDS)('send timeout (%s server)', (server) => {
  beforeAll(() => useServer(server));
  afterAll(() => useServer('node'));

  test.each(server === 'node' ? ['web', 'node'] : ['web'])(
    'a client that reads nothing: upstream aborted, connection closed (%s fetch)',
    async (fetchKind) => {
      // The Node fetch takes the exchange's plain abort handle (fast-path.ts) instead of an AbortSignal.
      const node = fetchKind === 'node' ? nodeFetch() : null;
      if (node) cleanup.push(node.destroy);
      const { upstream, relay, logs } = await setup(400 * 1024 * 1024, node?.fetch);
      const socket = rawPost(relay.url);
      let closed = false;
      socket.on('close', () => (closed = true)).on('error', () => {});
      cleanup.push(() => socket.destroy());
      const start = performance.now();
      await eventually(() => upstream.state.abortedAt, 15_000, 'the upstream request to be aborted');
      expect(upstream.state.abortedAt! - start).toBeLessThan(12_000);
      expect(upstream.state.sent).toBeLessThan(400 * 1024 * 1024);
      const log = await eventually(() => logs[0], 5000, 'log record');
      expect(log.error).toBe('client_send_timeout');
      // What was buffered can still be read; then the connection ends (the relay closed it).
      socket.resume();
      await eventually(() => closed, 5000, 'the client connection to close');
      if (node) expect([node.handles.length, node.signals.length]).toEqual([1, 0]);
    },
    30_000,
  );

  test('a slow client that keeps reading is not cut', async () => {
    const { upstream, relay, logs } = await setup(64 * 1024 * 1024);
    const socket = rawPost(relay.url);
    let received = 0;
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      text = (text + chunk.toString('latin1')).slice(-64);
    });
    socket.pause();
    cleanup.push(() => socket.destroy());
    // 1 MB every 300 ms for 4 s: far slower than the upstream, so the relay is held back throughout. (Less per
    // read would not show: the kernel reports a full send buffer writable again only when half of it is free.)
    let quota = 0;
    socket.on('data', (chunk: Buffer) => {
      quota -= chunk.length;
      if (quota <= 0) socket.pause();
    });
    const slow = setInterval(() => {
      quota = 1024 * 1024;
      socket.resume();
    }, 300);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    clearInterval(slow);
    expect(upstream.state.abortedAt).toBeNull();
    expect(upstream.state.finished).toBe(false); // it really was held back
    expect(logs).toHaveLength(0);
    expect(received).toBeGreaterThan(0);
    quota = Infinity;
    socket.resume();
    await eventually(() => text.includes('[DONE]'), 20_000, 'the whole stream');
    await eventually(() => logs[0], 5000, 'log record');
    expect(logs[0]!.error).toBeUndefined();
    expect(upstream.state.abortedAt).toBeNull();
  }, 40_000);
});

test('web-stream path: a Response body nobody reads does not hold the upstream request', async () => {
  const upstream = await bigUpstream(64 * 1024 * 1024);
  cleanup.push(upstream.close);
  const logs: RequestLog[] = [];
  const relay = createRelay({ ...relayOptions(upstream.url), log: (l) => logs.push(l) });
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody({ stream: true }) };
  const res = await relay.fetch(new Request('http://127.0.0.1/v1/chat/completions', init));
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  await reader.read(); // the client takes the first bytes, then stops
  await eventually(() => upstream.state.abortedAt, 8000, 'the upstream request to be aborted');
  expect((await eventually(() => logs[0], 5000, 'log record')).error).toBe('client_send_timeout');
  await expect(reader.read().then(() => reader.read())).rejects.toBeDefined();
}, 20_000);
