// Serves createRelay(options) (or an already built app) on an ephemeral 127.0.0.1 port. Two servers:
//   - "node" (default): src/relay/runtimes/node/serve.ts, the server the CLI runs (the relay fast path: direct
//     body pipe, body source, client-gone listener), with the CLI's client-IP reader;
//   - "srvx": h3's own serve() (srvx), the standard web-Request path a library user of createRelay gets on Node.
// The abort and streaming tests run on both; `useServer()` switches what rig()/serveRelay() use in a test file.
import { serve, type H3 } from 'h3';
import { createRelay } from '../../src/relay/index.js';
import type { RelayOptions } from '../../src/relay/settings/options.js';
import { nodeClientIp, serveNode } from '../../src/relay/runtimes/node/serve.js';

export interface ServedRelay {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

export type ServerKind = 'node' | 'srvx';
export const SERVER_KINDS: readonly ServerKind[] = ['node', 'srvx'];

let kind: ServerKind = 'node';

/** Which server serveApp()/serveRelay() use from now on (in this test file). */
export function useServer(next: ServerKind): void {
  kind = next;
}

export async function serveApp(app: H3, via: ServerKind = kind): Promise<ServedRelay> {
  if (via === 'node') {
    const running = await serveNode(app, { host: '127.0.0.1', port: 0 });
    return {
      url: running.url.replace(/\/$/, ''),
      close: async () => {
        await running.shutdown(0);
        await new Promise<void>((resolve) => running.server.close(() => resolve()));
      },
    };
  }
  const server = serve(app, { port: 0, hostname: '127.0.0.1', silent: true });
  await server.ready();
  const address = server.node?.server?.address();
  if (!address || typeof address === 'string') throw new Error('relay did not bind a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => server.close(true),
  };
}

export function serveRelay(options: RelayOptions = {}): Promise<ServedRelay> {
  return serveApp(createRelay(kind === 'node' ? { clientIp: nodeClientIp, ...options } : options));
}
