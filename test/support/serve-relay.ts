// Serves createRelay(options) on an ephemeral 127.0.0.1 port through h3's Node server (srvx), the same adapter
// the CLI uses, so client-abort and streaming behaviour are the real ones.
import { serve } from 'h3';
import { createRelay } from '../../src/relay/index.js';
import type { RelayOptions } from '../../src/relay/options.js';

export interface ServedRelay {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  close(): Promise<void>;
}

export async function serveRelay(options: RelayOptions = {}): Promise<ServedRelay> {
  const app = createRelay(options);
  const server = serve(app, { port: 0, hostname: '127.0.0.1', silent: true });
  await server.ready();
  const address = server.node?.server?.address();
  if (!address || typeof address === 'string') throw new Error('relay did not bind a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => server.close(true),
  };
}
