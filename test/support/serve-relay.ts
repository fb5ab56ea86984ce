// Serves createRelay(options) (or an already built app) on an ephemeral 127.0.0.1 port through h3's Node server
// (srvx) — the same adapter stack the CLI uses — so client-abort and streaming behaviour are the real ones.
import { serve, type H3 } from 'h3';
import { createRelay } from '../../src/relay/index.js';
import type { RelayOptions } from '../../src/relay/options.js';

export interface ServedRelay {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

export async function serveApp(app: H3): Promise<ServedRelay> {
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
  return serveApp(createRelay(options));
}
