// RelayOptions → the resolved settings the request path reads (defaults applied once, at start-up).
import type { CounterStore, RelayOptions } from './options.js';
import { resolveUpstream, type UpstreamTarget } from './providers.js';
import { createMemoryStore } from '../stores/memory.js';
import { STANDARD_PARAMS } from '../guards/params.js';
import { createRedactor, type Redactor } from '../exchange/redact.js';
import { defaultOf } from './table.js';
import { MIN_TOKEN_LENGTH } from './values.js';
import type { Fallbacks } from './lists.js';
import { createRouter, type Router } from '../routing/router.js';

export { MIN_TOKEN_LENGTH };

/** The defaults resolveConfig applies: the settings table's, and two options that have no flag. */
export const DEFAULTS = {
  rateLimit: defaultOf('rateLimit') as number,
  dailyQuota: defaultOf('dailyQuota') as number,
  heartbeatSeconds: defaultOf('heartbeatSeconds') as number,
  timeoutSeconds: defaultOf('timeoutSeconds') as number,
  sendTimeoutSeconds: defaultOf('sendTimeoutSeconds') as number,
  fallbackTimeoutSeconds: defaultOf('fallbackTimeoutSeconds') as number,
  bodyLimit: defaultOf('bodyLimit') as number,
  maxN: defaultOf('maxN') as number,
  /** Seconds a client may take to send its whole request body (slow-loris guard). */
  bodyTimeoutSeconds: 30,
  /** The demo model's pause between chunks. */
  demoDelayMs: 20,
} as const;

export interface RelayConfig {
  target: UpstreamTarget;
  /** Several providers routed by model (config file `providers`); null: the one target above. */
  router: Router | null;
  fallbacks: Fallbacks;
  fallbackTimeoutMs: number;
  apiKeys: string[];
  /** Scrubs the keys and access tokens from everything the upstream sends back (built once, here). */
  redactor: Redactor;
  /** No key configured for a provider that needs one: the built-in demo model answers. */
  demo: boolean;
  models: string[];
  accessTokens: string[];
  /** No access tokens and the adapter asked for them: API routes answer 503 (see RelayOptions). */
  accessUnconfigured: boolean;
  maxTokens: number | undefined;
  maxN: number;
  /** Request fields clients may send (guards/params.ts). */
  allowedParams: ReadonlySet<string>;
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
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new TypeError(`${name} must be a non-negative number`);
  return value;
}

/** The configured access tokens; throws when one is too short to resist guessing. */
export function resolveAccessTokens(tokens: readonly string[] | undefined): string[] {
  const list = (tokens ?? []).filter((token) => token.length > 0);
  if (list.some((token) => token.length < MIN_TOKEN_LENGTH)) {
    throw new TypeError(
      `Access tokens must be at least ${MIN_TOKEN_LENGTH} characters long; \`npx gpt-chat token\` prints a random one.`,
    );
  }
  return list;
}

const namedTokens = (options: RelayOptions) => (options.tokens ?? []).map((entry) => entry.token);

export function resolveConfig(options: RelayOptions): RelayConfig {
  const router = options.providers?.length ? createRouter(options.providers) : null;
  // With routing, the first provider stands for "the upstream" where one is needed (max_tokens field).
  const target = router ? router.providers[0]!.target : resolveUpstream(options);
  const providerKeys = (options.providers ?? []).flatMap((provider) => provider.keys);
  const apiKeys = (options.apiKeys ?? []).map((k) => k.trim()).filter(Boolean);
  const extraParams = [
    ...(options.allowParams ?? []).map((p) => p.trim()).filter(Boolean),
    ...(router?.providers.flatMap((provider) => provider.target.extraParams) ?? []),
  ];
  // Named tokens (config file) open the door like unnamed ones; their limits are guards/budget.ts's.
  const accessTokens = resolveAccessTokens([...(options.accessTokens ?? []), ...namedTokens(options)]);
  const maxN = nonNegative(options.maxN, DEFAULTS.maxN, 'maxN');
  const timeoutSeconds = nonNegative(options.timeoutSeconds, DEFAULTS.timeoutSeconds, 'timeoutSeconds');
  const sendTimeoutSeconds = nonNegative(options.sendTimeoutSeconds, DEFAULTS.sendTimeoutSeconds, 'sendTimeoutSeconds');
  const fallbackSeconds = nonNegative(
    options.fallbackTimeoutSeconds,
    DEFAULTS.fallbackTimeoutSeconds,
    'fallbackTimeoutSeconds',
  );
  return {
    target,
    router,
    fallbacks: options.fallbacks ?? {},
    fallbackTimeoutMs: (fallbackSeconds > 0 ? fallbackSeconds : DEFAULTS.fallbackTimeoutSeconds) * 1000,
    apiKeys,
    redactor: createRedactor([...apiKeys, ...providerKeys, ...accessTokens]),
    demo: !router && apiKeys.length === 0 && target.keyRequired,
    models: (options.models ?? []).map((m) => m.trim()).filter(Boolean),
    accessTokens,
    accessUnconfigured: options.requireAccessToken === true && accessTokens.length === 0,
    maxN: Number.isSafeInteger(maxN) && maxN >= 1 ? maxN : DEFAULTS.maxN,
    allowedParams: new Set([...STANDARD_PARAMS, ...target.extraParams, ...extraParams]),
    maxTokens: options.maxTokens && options.maxTokens > 0 ? Math.floor(options.maxTokens) : undefined,
    rateLimit: nonNegative(options.rateLimit, DEFAULTS.rateLimit, 'rateLimit'),
    dailyQuota: nonNegative(options.dailyQuota, DEFAULTS.dailyQuota, 'dailyQuota'),
    heartbeatMs: nonNegative(options.heartbeatSeconds, DEFAULTS.heartbeatSeconds, 'heartbeatSeconds') * 1000,
    timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DEFAULTS.timeoutSeconds) * 1000,
    sendTimeoutMs: (sendTimeoutSeconds > 0 ? sendTimeoutSeconds : DEFAULTS.sendTimeoutSeconds) * 1000,
    bodyLimit: nonNegative(options.bodyLimit, DEFAULTS.bodyLimit, 'bodyLimit') || DEFAULTS.bodyLimit,
    bodyTimeoutMs:
      (nonNegative(options.bodyTimeoutSeconds, DEFAULTS.bodyTimeoutSeconds, 'bodyTimeoutSeconds') ||
        DEFAULTS.bodyTimeoutSeconds) * 1000,
    demoDelayMs: nonNegative(options.demoDelayMs, DEFAULTS.demoDelayMs, 'demoDelayMs'),
    trustProxy: options.trustProxy === true,
    // Wrapped so `this` is never the options object (Workers throw "Illegal invocation" on an unbound fetch).
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    store: options.store ?? createMemoryStore(),
    now: options.now ?? Date.now,
    shutdownSignal: options.shutdownSignal,
  };
}
