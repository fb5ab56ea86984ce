// A very small node:http upstream for the Node-helper tests (the relay's own tests use test/support/fake-upstream):
//   GET  /sse?n=N   N server-sent events, written one by one
//   POST /echo      {"method","body","authorization"} as JSON
//   GET  /stall     headers never come; records when the client goes away
//   GET  /hang      one event, then silence; records when the client goes away
//   GET  /status?code=N   status N with a JSON error body and Retry-After: 7
//   GET  /gzip      a gzip-encoded JSON body
//   GET  /empty     204
//   GET  /headers   200 with a header sent twice (x-many: a, then b)
import { gzipSync } from 'node:zlib';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TinyUpstream {
  url: string;
  /** Client socket ports seen, one per request (equal ports = a kept-alive connection). */
  remotePorts: number[];
  /** Resolves when a /stall request's client has gone away. */
  stallClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startTinyUpstream(): Promise<TinyUpstream> {
  const remotePorts: number[] = [];
  let stallClosedResolve: () => void = () => {};
  let stallClosedPromise = new Promise<void>((resolve) => (stallClosedResolve = resolve));
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    remotePorts.push(req.socket.remotePort ?? 0);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const n = Number(url.searchParams.get('n') ?? 3);
      for (let i = 0; i < n; i++) {
        res.write(`data: {"i":${i}}\n\n`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end('data: [DONE]\n\n');
    } else if (url.pathname === '/echo') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          method: req.method,
          body: Buffer.concat(chunks).toString('utf8'),
          authorization: req.headers.authorization ?? null,
        }),
      );
    } else if (url.pathname === '/stall') {
      res.on('close', () => stallClosedResolve());
    } else if (url.pathname === '/hang') {
      res.on('close', () => stallClosedResolve());
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"i":0}\n\n');
    } else if (url.pathname === '/status') {
      res.writeHead(Number(url.searchParams.get('code')), { 'content-type': 'application/json', 'retry-after': '7' });
      res.end('{"error":{"message":"slow down"}}');
    } else if (url.pathname === '/gzip') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync('{"zipped":"你好"}'));
    } else if (url.pathname === '/headers') {
      res.writeHead(200, [
        ['content-type', 'text/plain'],
        ['x-many', 'a'],
        ['x-many', 'b'],
      ]);
      res.end('ok');
    } else if (url.pathname === '/empty') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    remotePorts,
    stallClosed: () => stallClosedPromise,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        stallClosedPromise = new Promise<void>((r) => (stallClosedResolve = r));
      }),
  };
}
