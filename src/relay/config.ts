// RelayOptions → the resolved settings the request path reads (defaults applied once, at start-up).
import type { CounterStore, RelayOptions } from './options.js';
import { resolveUpstream, type UpstreamTarget } from './providers.js';
import { createMemoryStore } from './memory-store.js';
import { DEFAULT_BODY_LIMIT } from './guards/body.js';
import { createRedactor, type Redactor } from './redact.js';

export const DEFAULTS = {
  rateLimit: 30,
  dailyQuota: 0,
  heartbeatSeconds: 15,
  timeoutSeconds: 600,
  sendTimeoutSeconds: 60,
  bodyLimit: DEFAULT_BODY_LIMIT,
  bodyTimeoutSeconds: 30,
  demoDelayMs: 20,
} as const;

export interface RelayConfig {
  target: UpstreamTarget;
  apiKeys: string[];
  /** Scrubs the keys and access tokens from everything the upstream sends back (built once, here). */
  redactor: Redactor;
  /** No key configured for a provider that needs one: the built-in demo model answers. */
  demo: boolean;
  models: string[];
  maxTokens: number | undefined;
  rateLimit: number;
  dailyQuota: number;
  heartbeatMs: number;
  timeoutMs: number;
  /** A client that takes no bytes for this long while some wait for it is cut (and its upstream request). */
  sendTimeoutMs: number;
  bodyLimit: number;
  bodyTimeoutMs: number;
  demoDelayMs: number;
  trustProxy: boolean;
  fetch: typeof globalThis.fetch;
  store: CounterStore;
  now: () => number;
  shutdownSignal: AbortSignal | undefined;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a non-negative number`);
  return value;
}

export function resolveConfig(options: RelayOptions): RelayConfig {
  const target = resolveUpstream(options);
  const apiKeys = (options.apiKeys ?? []).map((k) => k.trim()).filter(Boolean);
  const timeoutSeconds = nonNegative(options.timeoutSeconds, DEFAULTS.timeoutSeconds, 'timeoutSeconds');
  const sendTimeoutSeconds = nonNegative(options.sendTimeoutSeconds, DEFAULTS.sendTimeoutSeconds, 'sendTimeoutSeconds');
  const accessTokens = (options.accessTokens ?? []).map((t) => t.trim()).filter(Boolean);
  return {
    target,
    apiKeys,
    redactor: createRedactor([...apiKeys, ...accessTokens]),
    demo: apiKeys.length === 0 && target.keyRequired,
    models: (options.models ?? []).map((m) => m.trim()).filter(Boolean),
    maxTokens: options.maxTokens && options.maxTokens > 0 ? Math.floor(options.maxTokens) : undefined,
    rateLimit: nonNegative(options.rateLimit, DEFAULTS.rateLimit, 'rateLimit'),
    dailyQuota: nonNegative(options.dailyQuota, DEFAULTS.dailyQuota, 'dailyQuota'),
    heartbeatMs: nonNegative(options.heartbeatSeconds, DEFAULTS.heartbeatSeconds, 'heartbeatSeconds') * 1000,
    timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DEFAULTS.timeoutSeconds) * 1000,
    sendTimeoutMs: (sendTimeoutSeconds > 0 ? sendTimeoutSeconds : DEFAULTS.sendTimeoutSeconds) * 1000,
    bodyLimit: nonNegative(options.bodyLimit, DEFAULTS.bodyLimit, 'bodyLimit') || DEFAULTS.bodyLimit,
    bodyTimeoutMs: (nonNegative(options.bodyTimeoutSeconds, DEFAULTS.bodyTimeoutSeconds, 'bodyTimeoutSeconds') || DEFAULTS.bodyTimeoutSeconds) * 1000,
    demoDelayMs: nonNegative(options.demoDelayMs, DEFAULTS.demoDelayMs, 'demoDelayMs'),
    trustProxy: options.trustProxy === true,
    // Wrapped so `this` is never the options object (Workers throw "Illegal invocation" on an unbound fetch).
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    store: options.store ?? createMemoryStore(),
    now: options.now ?? Date.now,
    shutdownSignal: options.shutdownSignal,
  };
}
