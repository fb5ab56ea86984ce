// Cloudflare Workers entry: `export default { fetch }`, options from the Worker's env bindings (vars and
// secrets with the names in settings/table.ts), built once per isolate.
//
// What Workers lacks, and what this means for the relay:
// - No outbound HTTP/SOCKS proxy: fetch() goes out from Cloudflare's network directly, so there is no
//   `--proxy` (a Worker does not need one to reach OpenAI from China: that is the point of running there).
// - No client-disconnect signal: request.signal does not fire when the client goes away (checked in workerd
//   1.20261117 with the `enable_request_signal` compatibility flag, which examples/wrangler.toml sets in case
//   Cloudflare's edge honours it). A streamed reply is cut at its next write (a data chunk or a heartbeat
//   ping, so within --heartbeat seconds); a non-stream or still-pending upstream request runs to its end.
// - The client IP comes from the `cf-connecting-ip` header, which Cloudflare sets and clients cannot forge.
// - Rate-limit counters: with a `COUNTERS` Durable Object binding they are shared by all isolates
//   (DurableObjectCounterStore); without it each isolate counts alone (in memory), which limits little.
// - Static files: a Workers Static Assets binding named `ASSETS` serves the widget and the page; without it
//   those routes answer 404 and only the API is relayed.

import { createRelay, openaiError } from '../index.js';
import type { RelayOptions } from '../settings/options.js';
import { optionsFromEnv, type EnvRecord } from '../settings/env.js';
import { requestLogger } from '../log/runtime.js';
import { CounterObject, DurableObjectCounterStore, type CounterNamespace } from '../stores/durable-object.js';

import { DurableObjectSyncStore, SyncObject } from '../stores/sync-durable-object.js';

export { CounterObject, SyncObject };

interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

export interface WorkerEnv extends EnvRecord {
  COUNTERS?: CounterNamespace;
  /** Sync (/v1/sync): a Durable Object namespace of SyncObject, one object per token's space. */
  SYNC?: CounterNamespace;
  ASSETS?: AssetsBinding;
}

type Relay = ReturnType<typeof createRelay>;

// One relay per isolate: env does not change while an isolate lives, and building it per request would
// reset the in-memory counters and key rotation state every time. A bad setting is kept as its message, so every
// request answers with it (a Worker has no start-up banner to read) instead of an HTML 500.
let relay: Relay | { misconfigured: string } | undefined;

function build(env: WorkerEnv): Relay | { misconfigured: string } {
  try {
    return createRelay(workerOptions(env));
  } catch (error) {
    // The messages name the setting, never its value (settings/env.ts, settings/config.ts).
    const misconfigured = error instanceof Error ? error.message : String(error);
    console.error(`gpt-chat relay misconfigured: ${misconfigured}`);
    return { misconfigured };
  }
}

function assetsFrom(binding: AssetsBinding): RelayOptions['assets'] {
  return async (pathname) => {
    const response = await binding.fetch(new Request(new URL(pathname, 'https://assets.invalid')));
    return response.status === 404 ? null : response;
  };
}

export function workerOptions(env: WorkerEnv): RelayOptions {
  const fromEnv = optionsFromEnv(env);
  return {
    ...fromEnv,
    // Called through a wrapper: Workers throws "Illegal invocation" for a fetch detached from globalThis.
    fetch: (input, init) => fetch(input, init),
    clientIp: (request) => request.headers.get('cf-connecting-ip') ?? undefined,
    // JSON lines by default: Workers Logs indexes their fields.
    log: requestLogger(env, fromEnv, 'json'),
    ...(env.COUNTERS ? { store: new DurableObjectCounterStore(env.COUNTERS) } : {}),
    ...(env.ASSETS ? { assets: assetsFrom(env.ASSETS) } : {}),
    ...(env.SYNC ? { syncStore: new DurableObjectSyncStore(env.SYNC) } : {}),
  };
}

export default {
  fetch(
    request: Request,
    env: WorkerEnv,
    ctx?: { waitUntil(work: Promise<unknown>): void },
  ): Response | Promise<Response> {
    relay ??= build(env);
    if ('misconfigured' in relay)
      return openaiError(
        500,
        `The relay is misconfigured: ${relay.misconfigured}`,
        'server_error',
        'relay_misconfigured',
      );
    // h3's event.waitUntil reads request.waitUntil (as srvx sets it): budgets settle after the stream has ended.
    if (ctx) Object.defineProperty(request, 'waitUntil', { value: (work: Promise<unknown>) => ctx.waitUntil(work) });
    return relay.fetch(request);
  },
};
