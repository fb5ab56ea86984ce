// Bun entry (`bun run relay-bun.js`): serves the relay's web-standard handler with Bun.serve. Options come from
// the environment (names in settings/table.ts); PORT and HOST choose the listening address; the widget and page are
// served from GPT_CHAT_DIST (default ./dist).
//
// What Bun lacks for the relay:
// - Bun's request.signal has been reported not to fire when a client leaves a streamed response, which would
//   let an upstream stream run on after the tab closed (costing tokens). With Bun 1.4.5 (the version in
//   devDependencies) the relay does see the disconnect: the conformance suite's three client-disconnect cases
//   pass on it. Run `npm run test:runtimes` before moving to another Bun version.
// - Bun.serve closes connections idle for 10 s by default, which would cut a slow first token before the
//   relay's heartbeat; idleTimeout is therefore turned off here (the relay's heartbeat and upstream timeout
//   bound a request instead).
// - No outbound proxy option in the relay: Bun's fetch honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY itself.
// Rate-limit counters are in memory, per process.

import { createRelay } from '../index.js';
import { listenAddressFromEnv, optionsFromEnv } from '../settings/env.js';
import { requestLogger } from '../log/runtime.js';
import { createFileAssets } from './shared/file-assets.js';
import { distAssetDirs } from './shared/dist-dirs.js';
import { createFileSyncStore } from '../stores/sync-files.js';

interface BunServer {
  port: number;
  hostname: string;
  requestIP(request: Request): { address: string } | null;
  stop(closeActiveConnections?: boolean): Promise<void>;
}

interface BunLike {
  env: Record<string, string | undefined>;
  serve(options: {
    port: number;
    hostname: string;
    idleTimeout: number;
    fetch(request: Request, server: BunServer): Response | Promise<Response>;
  }): BunServer;
}

const Bun = (globalThis as unknown as { Bun: BunLike }).Bun;
const env = Bun.env;

const fromEnv = optionsFromEnv(env);
const listen = listenAddressFromEnv(env);
const relay = createRelay({
  ...fromEnv,
  // Bun.serve hands the server next to the request; the relay asks for the peer address by request.
  clientIp: (request) => server.requestIP(request)?.address,
  log: requestLogger(env, fromEnv, 'text'),
  assets: createFileAssets(distAssetDirs(env.GPT_CHAT_DIST)),
  ...(env.GPT_CHAT_SYNC_DIR ? { syncStore: createFileSyncStore(env.GPT_CHAT_SYNC_DIR) } : {}),
});

const server = Bun.serve({
  port: listen.port,
  hostname: listen.host,
  idleTimeout: 0,
  fetch: (request) => relay.fetch(request),
});
console.log(`gpt-chat relay (bun) listening on http://${server.hostname}:${server.port}`);

// stop() stops accepting and resolves once requests in flight are done; after 10 s they are cut.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    const forceExit = setTimeout(() => process.exit(0), 10_000);
    void server.stop().then(() => {
      clearTimeout(forceExit);
      process.exit(0);
    });
  });
}
