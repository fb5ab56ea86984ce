// Serves a fetch-style app (the h3 relay) on node:http through srvx's Node adapter (h3's toNodeHandler), and
// shuts down gracefully: stop accepting, let requests in flight finish for a grace period, then cut what is
// left (which aborts their upstream requests through the request signal) and resolve.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler, type H3 } from 'h3';

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
   * Stops accepting, waits up to `graceMs` for requests in flight, then destroys the remaining connections.
   * Resolves to the number of requests that had to be cut.
   */
  shutdown(graceMs: number): Promise<number>;
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

export async function serveNode(app: FetchApp, options: ServeOptions): Promise<RunningServer> {
  const handler = toNodeHandler(app as unknown as H3);
  const active = new Set<ServerResponse>();
  let closing = false;
  let onIdle: (() => void) | null = null;
  let endGrace: (() => void) | null = null;

  const server = createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req: IncomingMessage, res: ServerResponse) => {
    active.add(res);
    res.once('close', () => {
      active.delete(res);
      if (active.size === 0) onIdle?.();
    });
    // A request that arrives on a kept-alive connection during shutdown is still served, but closes it.
    if (closing) res.setHeader('connection', 'close');
    void handler(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    url: formatUrl(options.host, port),
    inFlight: () => active.size,
    async shutdown(graceMs) {
      closing = true;
      server.close();
      server.closeIdleConnections();
      if (active.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          timer.unref?.();
          onIdle = endGrace = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const cut = active.size;
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
