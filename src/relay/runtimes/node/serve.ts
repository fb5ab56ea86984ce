// Serves a fetch-style app (the h3 relay) on node:http through srvx's Node adapter (the one h3 uses: its
// NodeRequest and sendNodeResponse), and shuts down gracefully: stop accepting, let requests in flight finish for
// a grace period, then cut what is left (which aborts their upstream requests through the request signal).
//
// Each request carries the relay's fast path (../../fast-path.ts) as `request.runtime.relay`: the body straight
// from node:http, a plain 'close' listener for the client going away, and a promise to pipe the relay's direct
// bodies: a streamed chat response is then written straight into the ServerResponse (write() → false pauses the
// upstream, 'drain' resumes it) instead of srvx reading a web stream chunk by chunk.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { attachFastPath, type DirectBody, type RequestFastPath } from '../../fast-path.js';
import { LazyHeadersResponse } from './lazy-headers.js';
import { completeChunkSource, whenBodyParsed } from './parsed-body.js';
import { readableChunkSource } from './readable-source.js';

/** How long streams get to write their closing error event once told to end. */
const END_STREAMS_MS = 1_000;

export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export interface ServeOptions {
  host: string;
  port: number;
}

export interface RunningServer {
  server: Server;
  /** http://host:port with the real (ephemeral) port. */
  url: string;
  port: number;
  /** Requests whose response has not finished yet. */
  inFlight(): number;
  /**
   * Stops accepting, waits up to `graceMs` for requests in flight, then calls `endStreams` (the relay then ends
   * its streams with an error event) and gives them a moment to do so, then destroys what is still open.
   * Resolves to the number of requests still in flight when the grace period ended.
   */
  shutdown(graceMs: number, endStreams?: () => void): Promise<number>;
  /** Ends the grace period of a running shutdown at once (a second Ctrl+C). */
  cutNow(): void;
}

/** The socket address for RelayOptions.clientIp: srvx's Node request exposes it as `ip`; "::ffff:" is dropped. */
export function nodeClientIp(request: Request): string | undefined {
  const ip = (request as Request & { ip?: string }).ip;
  return ip?.startsWith('::ffff:') ? ip.slice(7) : ip;
}

export function formatUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
}

type SrvxNode = typeof import('srvx/node');
let srvx: Promise<SrvxNode> | undefined;

/** srvx is h3's dependency (not ours): resolve it from h3's location, as h3 itself does. */
function loadSrvx(): Promise<SrvxNode> {
  return (srvx ??= (async () => {
    const fromH3 = createRequire(fileURLToPath(import.meta.resolve('h3')));
    return (await import(pathToFileURL(fromH3.resolve('srvx/node')).href)) as SrvxNode;
  })());
}

/** The headers for writeHead(): as the relay gave them, unless something may have changed the Headers since. */
function headerList(response: Response): Record<string, string> | string[] {
  if (response instanceof LazyHeadersResponse) {
    const unread = response.unreadHeaders;
    if (unread && !Array.isArray(unread)) return unread;
  }
  const flat: string[] = [];
  response.headers.forEach((value, name) => flat.push(name, value));
  return flat;
}

/** Writes a response with a direct body into `res`; false when the response has to go the standard way. */
function sendDirect(res: ServerResponse, response: Response, direct: DirectBody | undefined): boolean {
  if (!direct || res.req.method === 'HEAD' || response.bodyUsed || response.body?.locked) return false;
  if (!res.headersSent) res.writeHead(response.status, headerList(response));
  let wrote = false;
  const control = direct.pipeTo({
    write: (chunk) => {
      wrote = true;
      return res.write(chunk);
    },
    // After this I/O turn: body bytes that came in the same read as the upstream's headers then carry them.
    flushHeaders: () =>
      setImmediate(() => {
        if (!wrote && !res.writableEnded && !res.destroyed) res.flushHeaders();
      }),
    end: () => res.end(),
    destroy: () => res.destroy(),
    // The response's own buffer plus its socket's: shrinks as a slow client reads, even before 'drain'.
    buffered: () => res.writableLength,
  });
  res.on('drain', control.drain);
  // 'close' after a finished response is harmless: the relay ignores a client that goes away after the end.
  if (res.destroyed) control.close();
  else res.once('close', control.close);
  return true;
}

/** The client went away: the connection closed before the response ended (as srvx decides for its signal). */
function clientGone(req: IncomingMessage, res: ServerResponse, listener: () => void): () => void {
  const onClose = () => {
    if (req.errored || !res.writableEnded) listener();
  };
  if (res.destroyed || req.aborted || req.errored || (req.destroyed && !req.complete)) {
    onClose();
    return () => {};
  }
  res.once('close', onClose);
  return () => res.off('close', onClose);
}

/**
 * node:http announces a request before it parses the body that came in the same packet, and promise jobs run in
 * between, so the relay would find the body incomplete and read it through listeners, a timer and promises on
 * the way to the first byte. A small body is read first instead (parsed-body.ts) and handed over in one piece.
 * Only for a declared length that fits the request's buffer (larger bodies are streamed anyway).
 */
function bodyFollows(req: IncomingMessage): boolean {
  if (req.complete || req.method === 'GET' || req.method === 'HEAD') return false;
  const length = Number(req.headers['content-length']);
  return length > 0 && length <= req.readableHighWaterMark;
}

export async function serveNode(app: FetchApp, options: ServeOptions): Promise<RunningServer> {
  const { NodeRequest, sendNodeResponse } = await loadSrvx();
  const fail = (res: ServerResponse) => {
    if (res.headersSent) res.destroy();
    else {
      res.statusCode = 500;
      res.end();
    }
  };
  // `parsed`: the whole body when serve read it already (parsed-body.ts).
  const handler = (req: IncomingMessage, res: ServerResponse, parsed: Buffer | null = null) => {
    let pending: Response | Promise<Response>;
    let fastPath: RequestFastPath;
    try {
      const request = new NodeRequest({ req, res }) as unknown as Request;
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      let claimed = false;
      fastPath = attachFastPath(request, {
        onClientGone: (listener) => clientGone(req, res, listener),
        // sendDirect() below takes every direct body of a non-HEAD request.
        takesDirectBody: req.method !== 'HEAD',
        directResponse: (status, headers) => new LazyHeadersResponse(status, headers),
        // The relay reads the body straight from node:http (see readable-source.ts), not through a web stream.
        body: hasBody
          ? () => {
              if (claimed) throw new TypeError('The request body is already being read.');
              claimed = true;
              return parsed ? completeChunkSource(parsed) : readableChunkSource(req, 'detach');
            }
          : undefined,
      });
      pending = app.fetch(request);
    } catch {
      return fail(res);
    }
    Promise.resolve(pending).then(
      (response) => {
        if (!sendDirect(res, response, fastPath.direct)) sendNodeResponse(res, response).catch(() => fail(res));
      },
      () => fail(res),
    );
  };
  const active = new Set<ServerResponse>();
  let closing = false;
  let onIdle: (() => void) | null = null;
  let endGrace: (() => void) | null = null;

  const server = createServer(
    { noDelay: true, keepAliveTimeout: 5_000 },
    (req: IncomingMessage, res: ServerResponse) => {
      active.add(res);
      res.once('close', () => {
        active.delete(res);
        if (active.size === 0) onIdle?.();
      });
      // A request that arrives on a kept-alive connection during shutdown is still served, but closes it.
      if (closing) res.setHeader('connection', 'close');
      if (bodyFollows(req)) whenBodyParsed(req, (parsed) => handler(req, res, parsed));
      else handler(req, res);
    },
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  /** Resolves when no request is in flight, or after `ms`. */
  const waitForIdle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (active.size === 0) return resolve();
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      onIdle = endGrace = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  return {
    server,
    port,
    url: formatUrl(options.host, port),
    inFlight: () => active.size,
    async shutdown(graceMs, endStreams) {
      closing = true;
      server.close();
      server.closeIdleConnections();
      await waitForIdle(graceMs);
      const cut = active.size;
      if (cut > 0 && endStreams) {
        endStreams();
        await waitForIdle(END_STREAMS_MS);
      }
      // Destroying the sockets fires each request's abort signal, so the relay cancels its upstream fetches.
      server.closeAllConnections();
      for (const res of active) res.destroy();
      return cut;
    },
    cutNow() {
      endGrace?.();
    },
  };
}
