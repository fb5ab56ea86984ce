#!/usr/bin/env node
// `npx gpt-chat`: turns flags and environment into RelayOptions and serves the relay on node:http. Everything
// else lives in the relay (src/relay/relay.ts) in the Node runtime (src/relay/runtimes/node/) or in cli/.
import { createRelay } from '../relay.js';
import { resolveUpstream } from '../settings/providers.js';
import { createFileAssets } from '../runtimes/shared/file-assets.js';
import { bannerText } from './banner.js';
import { helpText, packageVersion, parseCli, UsageError, type CliCommand } from './flags.js';
import { tuneHeapForStreaming } from './heap.js';
import { createLogger } from '../log/format.js';
import { nodeClientIp, serveNode } from '../runtimes/node/serve.js';
import { createUpstreamFetch } from '../runtimes/node/upstream-fetch.js';
import { isLoopbackHost, loopbackHostNames } from './loopback.js';
import { reloadOnSighup } from './reload.js';
import { fetchUsage, usageTable } from './usage.js';
import { createMemoryStore } from '../stores/memory.js';
import type { RelayOptions } from '../settings/options.js';

/** What the log must never write: upstream keys and access tokens, from flags and the config file. */
function secretsOf(options: RelayOptions): string[] {
  return [
    ...(options.apiKeys ?? []),
    ...(options.accessTokens ?? []),
    ...(options.providers ?? []).flatMap((provider) => provider.keys),
    ...(options.tokens ?? []).map((entry) => entry.token),
  ];
}
import { createFileSyncStore } from '../stores/sync-files.js';

const DEFAULT_SHUTDOWN_MS = 10_000;

/**
 * Bound to loopback, the relay is reachable only from this machine, so only loopback host names are legitimate.
 * Refusing the others stops DNS rebinding: a web page whose own host name is re-pointed at 127.0.0.1 would
 * otherwise be "same-origin" with the relay and could spend its key.
 */
function loopbackHosts(host: string, trustProxy: boolean | undefined): string[] | undefined {
  // Behind the operator's own reverse proxy (--trust-proxy) the proxy forwards the public Host, which the
  // own-origin CORS rule needs; there the proxy, not the relay, decides which host names reach it.
  if (trustProxy) return undefined;
  return isLoopbackHost(host) ? loopbackHostNames(host) : undefined;
}

/** A new access token: 32 random bytes (256 bits), base64url without padding (43 characters). */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Buffer.from(bytes).toString('base64url');
}

const OPEN_ON_NETWORK = (host: string) =>
  `refusing to listen on ${host} without an access token: anyone who can reach it could spend your key.\n` +
  '  Set one:  --access-token "$(npx gpt-chat token)"   (or GPT_CHAT_TOKENS)\n' +
  '  Or, to serve it openly on purpose:  --public   (or GPT_CHAT_PUBLIC=1)';

function fail(message: string, code: number): never {
  process.stderr.write(`gpt-chat: ${message}\n${code === 2 ? 'Run gpt-chat --help to see the options.\n' : ''}`);
  process.exit(code);
}

/** Internal knobs for tests, deliberately not flags: the shutdown grace period and the demo model's pace. */
function internalNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

async function main(): Promise<void> {
  // A closed stdout (`gpt-chat | head`, a log collector gone) must not take the relay down with an EPIPE.
  process.stdout.on('error', () => {});
  let command: CliCommand;
  try {
    command = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, 2);
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(helpText(packageVersion()));
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(packageVersion() + '\n');
    return;
  }
  if (command.kind === 'token') {
    process.stdout.write(newToken() + '\n');
    return;
  }
  if (command.kind === 'usage') {
    const report = await fetchUsage(command.config);
    if (typeof report === 'string') fail(report, 1);
    process.stdout.write(usageTable(report));
    return;
  }

  // Before any load: keeps the heap near its live size under many long streams (see heap.ts).
  tuneHeapForStreaming();
  const { config } = command;
  const { relay: options } = config;
  // Demo mode too: an open relay on the network is one --api-key away from spending a key.
  const open = !options.accessTokens?.length && !options.tokens?.length && !config.public;
  if (open && !isLoopbackHost(config.host)) fail(OPEN_ON_NETWORK(config.host), 2);
  let target;
  let upstream;
  let route: string;
  let app;
  // Aborted when the grace period is over: streams still open end with a retryable error event, not a cut.
  const goingDown = new AbortController();
  // One store for the life of the process: counters and budgets survive a config reload.
  const store = createMemoryStore();
  const demoDelayMs = internalNumber('GPT_CHAT_DEMO_DELAY_MS');
  const build = (relayOptions: RelayOptions) =>
    createRelay({
      allowedHosts: loopbackHosts(config.host, relayOptions.trustProxy),
      store,
      ...relayOptions,
      fetch: upstream!.fetch,
      assets: createFileAssets(),
      log: createLogger({ format: config.logFormat, secrets: secretsOf(relayOptions) }),
      clientIp: nodeClientIp,
      shutdownSignal: goingDown.signal,
      ...(config.syncDir ? { syncStore: createFileSyncStore(config.syncDir) } : {}),
      ...(demoDelayMs === undefined ? {} : { demoDelayMs }),
    });
  try {
    target = resolveUpstream(options);
    upstream = createUpstreamFetch({ proxy: config.proxy, timeoutSeconds: options.timeoutSeconds });
    route = upstream.describeRoute(target.base);
    app = build(options);
  } catch (error) {
    fail((error as Error).message, 2);
  }
  // SIGHUP swaps the app for new requests; requests in flight finish on the one they started with.
  const current = { app };
  if (config.config) reloadOnSighup(config.config, (next) => (current.app = build(next)));

  let running;
  try {
    running = await serveNode(
      { fetch: (request) => current.app.fetch(request) },
      { host: config.host, port: config.port },
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${config.port} on ${config.host} is already in use (try --port)`, 1);
    if (code === 'EADDRNOTAVAIL') fail(`cannot listen on ${config.host}: no such address here (try --host 0.0.0.0)`, 1);
    fail(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`, 1);
  }

  process.stderr.write(
    bannerText({
      version: packageVersion(),
      url: running.url,
      host: config.host,
      relay: options,
      upstream: target.base,
      provider: target.provider,
      keyRequired: target.keyRequired,
      route,
      logFormat: config.logFormat,
    }),
  );

  const graceMs = internalNumber('GPT_CHAT_SHUTDOWN_MS') ?? DEFAULT_SHUTDOWN_MS;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      process.stderr.write(`gpt-chat: ${signal} again: closing open streams now\n`);
      running.cutNow();
      return;
    }
    stopping = true;
    const open = running.inFlight();
    process.stderr.write(
      `gpt-chat: ${signal}: no longer accepting connections` +
        (open > 0 ? `; waiting up to ${Math.round(graceMs / 100) / 10}s for ${open} request(s) in flight\n` : '\n'),
    );
    const cut = await running.shutdown(graceMs, () => goingDown.abort());
    if (cut > 0)
      process.stderr.write(
        `gpt-chat: ended ${cut} stream(s) still open after the grace period (each got a relay_shutting_down error)\n`,
      );
    // Let the relay see the closed sockets and abort its upstream requests, then drop pooled connections.
    await new Promise((resolve) => setImmediate(resolve));
    await upstream.destroy().catch(() => {});
    process.stderr.write('gpt-chat: stopped\n');
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`gpt-chat: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
