// The Node serving path: serveNode() writes a streamed chat response straight into node:http (its direct body) and
// reads the upstream through undici's body (the fast path). These check what that path must keep from the web one:
// flow control end to end (a client that stops reading stops the upstream, and nothing is lost when it resumes),
// and a client going away mid-stream still aborts the upstream request.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelay } from '../../../../src/relay/relay.js';
import { serveNode, type RunningServer } from '../../../../src/relay/runtimes/node/serve.js';
import { createUpstreamFetch, type UpstreamFetch } from '../../../../src/relay/runtimes/node/upstream-fetch.js';
import { waitUntil } from '../../_support/run-cli.js';

const EVENT = new TextEncoder().encode(`data: {"choices":[{"delta":{"content":"${'x'.repeat(16 * 1024)}"}}]}\n\n`);
const EVENTS = 4096; // 64 MB in all: far more than socket buffers hold
const DONE = new TextEncoder().encode('data: [DONE]\n\n');

interface FloodUpstream {
  url: string;
  written: number;
  /** A write() returned false and 'drain' has not come yet, since this time (ms), or null. */
  blockedSince: number | null;
  clientGone: boolean;
  server: Server;
}

async function startFloodUpstream(): Promise<FloodUpstream> {
  const state: FloodUpstream = {
    url: '',
    written: 0,
    blockedSince: null,
    clientGone: false,
    server: null as unknown as Server,
  };
  state.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.on('close', () => (state.clientGone = !res.writableFinished));
      let i = 0;
      const pump = () => {
        state.blockedSince = null;
        while (i < EVENTS) {
          i++;
          state.written += EVENT.byteLength;
          if (!res.write(EVENT)) {
            state.blockedSince = Date.now();
            res.once('drain', pump);
            return;
          }
        }
        res.end(DONE);
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/v1`;
  return state;
}

let upstream: FloodUpstream | undefined;
let relay: RunningServer | undefined;
let upstreamFetch: UpstreamFetch | undefined;

afterEach(async () => {
  await relay?.shutdown(0);
  await upstreamFetch?.destroy();
  upstream?.server.closeAllConnections();
  await new Promise((resolve) => upstream?.server.close(resolve) ?? resolve(undefined));
  relay = upstream = upstreamFetch = undefined;
});

async function start(allowOrigins?: string[]): Promise<{ port: number }> {
  upstream = await startFloodUpstream();
  upstreamFetch = createUpstreamFetch();
  relay = await serveNode(
    createRelay({
      upstream: upstream.url,
      apiKeys: ['sk-test-direct-0123'],
      rateLimit: 0,
      fetch: upstreamFetch.fetch,
      allowOrigins,
    }),
    { host: '127.0.0.1', port: 0 },
  );
  return { port: relay.port };
}

function openStream(port: number, origin?: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'flood' }] });
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      },
      resolve,
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('serveNode direct streaming path', () => {
  it('a client that stops reading stops the upstream; when it reads again every byte arrives', async () => {
    const { port } = await start();
    const res = await openStream(port);
    expect(res.statusCode).toBe(200);
    res.pause();
    // Without flow control the relay would keep draining the upstream into memory, and it would never stay
    // blocked; with it, the upstream's writes stop once the socket buffers between the three are full.
    await waitUntil(
      () => upstream!.blockedSince !== null && Date.now() - upstream!.blockedSince > 500,
      'the upstream blocked by backpressure',
      20_000,
    );
    expect(upstream!.written).toBeLessThan((EVENTS * EVENT.byteLength) / 2);

    let received = 0;
    let tail = Buffer.alloc(0);
    res.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      tail = Buffer.concat([tail, chunk]).subarray(-DONE.byteLength);
    });
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    expect(received).toBe(EVENTS * EVENT.byteLength + DONE.byteLength);
    expect(tail.equals(Buffer.from(DONE))).toBe(true);
  }, 60_000);

  it("writes the exchange's headers as given, and what the CORS guard added to them when there is an Origin", async () => {
    const { port } = await start(['https://chat.example']);
    const plain = await openStream(port);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('no-cache, no-transform');
    expect(plain.headers['x-accel-buffering']).toBe('no');
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    plain.destroy();
    const cross = await openStream(port, 'https://chat.example');
    expect(cross.statusCode).toBe(200);
    expect(cross.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(cross.headers['x-accel-buffering']).toBe('no');
    expect(cross.headers['access-control-allow-origin']).toBe('https://chat.example');
    expect(cross.headers['vary']).toContain('Origin');
    cross.destroy();
  }, 60_000);

  it('a client that goes away mid-stream aborts the upstream request', async () => {
    const { port } = await start();
    const res = await openStream(port);
    await new Promise((resolve) => res.once('data', resolve));
    res.destroy();
    await waitUntil(() => upstream!.clientGone, 'the upstream request aborted', 20_000);
  }, 60_000);
});
