// What every conformance case gets: the relay's base URLs and the scripted upstream behind them. The relays are
// started here per runtime (RELAY_RUNTIME=node|workerd|deno|bun) — or, for a relay started elsewhere (e.g. a
// deployment being checked), given as RELAY_URL (+ RELAY_DEMO_URL, RELAY_QUIET_URL) with the upstream on
// FAKE_UPSTREAM_PORT.
import { startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream.js';
import { startRelay, RUNTIMES, type RuntimeName, type RunningRelay, type RelayProfile } from './runtimes/index.js';

export const ACCESS_TOKEN = 'tok-conformance-0123456789';
export const UPSTREAM_KEY = 'sk-conformance-upstream';
export const MODELS = ['gpt-test', 'gpt-other'];
export const ALLOWED_ORIGIN = 'https://allowed.example';
export const RATE_LIMIT = 5;
export const MAX_TOKENS = 64;
export const HEARTBEAT_SECONDS = 1;

export interface ConformanceContext {
  runtime: string;
  upstream: ScriptedUpstream;
  /** A relay with a key, an access token, a model allowlist, a rate limit (per X-Forwarded-For) and a 1 s heartbeat. */
  apiUrl: string;
  /** A relay with no key and no token (started public): the demo model. Undefined for an external relay without one. */
  demoUrl?: string;
  /**
   * The api relay's settings with a 60 s heartbeat, for the client-disconnect cases: with nothing to write for a
   * minute, only a real disconnect signal (not a failed heartbeat write) can abort the upstream in time.
   */
  quietUrl: string;
  stop(): Promise<void>;
}

export function apiProfile(upstreamUrl: string): RelayProfile {
  return {
    upstream: upstreamUrl,
    apiKeys: [UPSTREAM_KEY],
    accessTokens: [ACCESS_TOKEN],
    models: MODELS,
    allowOrigins: [ALLOWED_ORIGIN],
    maxTokens: MAX_TOKENS,
    rateLimit: RATE_LIMIT,
    trustProxy: true,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  };
}

export const QUIET_HEARTBEAT_SECONDS = 60;

export function runtimeUnderTest(): string {
  return process.env.RELAY_URL ? (process.env.RELAY_RUNTIME ?? 'external') : (process.env.RELAY_RUNTIME ?? 'node');
}

export async function startConformanceContext(): Promise<ConformanceContext> {
  const runtime = runtimeUnderTest();
  const fixedPort = process.env.FAKE_UPSTREAM_PORT ? Number(process.env.FAKE_UPSTREAM_PORT) : 0;
  const upstream = await startScriptedUpstream(fixedPort);
  if (process.env.RELAY_URL) {
    const apiUrl = process.env.RELAY_URL;
    const quietUrl = process.env.RELAY_QUIET_URL ?? apiUrl;
    return { runtime, upstream, apiUrl, demoUrl: process.env.RELAY_DEMO_URL, quietUrl, stop: () => upstream.close() };
  }
  if (!(RUNTIMES as readonly string[]).includes(runtime))
    throw new Error(`RELAY_RUNTIME must be one of ${RUNTIMES.join(', ')}`);
  const start = startRelay[runtime as RuntimeName];
  const relays: RunningRelay[] = [];
  try {
    // Sequential: two runtimes starting at once on a 2-core machine only slows both.
    relays.push(await start(apiProfile(upstream.url)));
    relays.push(await start({ public: true }));
    relays.push(await start({ ...apiProfile(upstream.url), heartbeatSeconds: QUIET_HEARTBEAT_SECONDS }));
  } catch (error) {
    await Promise.all(relays.map((relay) => relay.stop()));
    await upstream.close();
    throw error;
  }
  const [api, demo, quiet] = relays as [RunningRelay, RunningRelay, RunningRelay];
  return {
    runtime,
    upstream,
    apiUrl: api.url,
    demoUrl: demo.url,
    quietUrl: quiet.url,
    stop: async () => {
      // Upstream first: it cuts requests a relay still holds (workerd drains those before it exits on SIGTERM).
      await upstream.close();
      await Promise.all(relays.map((relay) => relay.stop()));
    },
  };
}
