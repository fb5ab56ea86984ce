// Deno entry (`deno run --allow-net --allow-env relay-deno.js`, and Deno Deploy): serves the relay's
// web-standard handler with Deno.serve. Options come from the environment (names in settings/table.ts); PORT and
// HOST choose the listening address (Deno Deploy ignores both and routes to the handler itself); the widget and
// page are served from GPT_CHAT_DIST (default ./dist, needs --allow-read).
//
// What Deno lacks for the relay: nothing in the request path. The client IP is the socket's peer address;
// request.signal fires when the client disconnects, so the upstream request is aborted as on Node. The
// outbound proxy comes from Deno's own HTTPS_PROXY/HTTP_PROXY/NO_PROXY support in fetch, not from the relay.
// Rate-limit counters are in memory, per process (each Deno Deploy isolate counts alone).

import { createRelay } from '../index.js';
import { listenAddressFromEnv, optionsFromEnv } from '../settings/env.js';
import { requestLogger } from '../log/runtime.js';
import { createFileAssets } from './shared/file-assets.js';
import { distAssetDirs } from './shared/dist-dirs.js';
import { createDenoKvSyncStore, type KvLike } from '../stores/sync-deno-kv.js';

interface DenoServeInfo {
  remoteAddr: { hostname?: string };
}

interface DenoLike {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port?: number; hostname?: string; onListen?: (address: { hostname: string; port: number }) => void },
    handler: (request: Request, info: DenoServeInfo) => Response | Promise<Response>,
  ): { finished: Promise<void>; shutdown(): Promise<void> };
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', listener: () => void): void;
  /** Needs `--unstable-kv` (and --allow-read/--allow-write on the directory) for sync. */
  openKv?(path?: string): Promise<KvLike>;
  mkdir(path: string, options: { recursive: boolean; mode: number }): Promise<void>;
  exit(code: number): never;
}

const Deno = (globalThis as unknown as { Deno: DenoLike }).Deno;
const env = Deno.env.toObject();

// Deno.serve hands the peer address next to the request; the relay asks for it by request.
const peerAddress = new WeakMap<Request, string>();

const fromEnv = optionsFromEnv(env);
// Sync: GPT_CHAT_SYNC_DIR=DIR keeps a Deno KV database in DIR; GPT_CHAT_SYNC_DIR=kv uses the default KV (Deno Deploy).
// The directory is made when missing, as the Node and Bun file store do (Deno KV would refuse to open).
async function openSyncKv(dir: string | undefined): Promise<KvLike | null> {
  if (!dir || !Deno.openKv) return null;
  if (dir === 'kv') return Deno.openKv();
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  return Deno.openKv(`${dir}/sync.kv`);
}
const syncDir = env.GPT_CHAT_SYNC_DIR;
const syncKv = await openSyncKv(syncDir);
if (syncDir && !syncKv) console.error('gpt-chat: GPT_CHAT_SYNC_DIR needs Deno KV: run with --unstable-kv; sync is off');
const listen = listenAddressFromEnv(env);
const relay = createRelay({
  ...fromEnv,
  clientIp: (request) => peerAddress.get(request),
  log: requestLogger(env, fromEnv, 'text'),
  assets: createFileAssets(distAssetDirs(env.GPT_CHAT_DIST)),
  ...(syncKv ? { syncStore: createDenoKvSyncStore(syncKv) } : {}),
});

const server = Deno.serve(
  {
    port: listen.port,
    hostname: listen.host,
    onListen: ({ hostname, port }) => console.log(`gpt-chat relay (deno) listening on http://${hostname}:${port}`),
  },
  (request, info) => {
    if (info.remoteAddr.hostname) peerAddress.set(request, info.remoteAddr.hostname);
    return relay.fetch(request);
  },
);

// shutdown() stops accepting and waits for responses in flight (streams included) to finish.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  Deno.addSignalListener(signal, () => {
    const forceExit = setTimeout(() => Deno.exit(0), 10_000);
    void server.shutdown().then(() => {
      clearTimeout(forceExit);
      Deno.exit(0);
    });
  });
}
