// What createRelay() accepts. The CLI and the runtime entries turn flags/env into this (by settings/table.ts,
// which also holds the defaults); the request path reads only this, so the same handler runs on every runtime.

import type { ProviderName } from './providers.js';
import type { Fallbacks, ProviderConfig, TokenConfig } from './lists.js';
import type { SyncStore } from '../sync/types.js';

export type { ProviderName, Fallbacks, ProviderConfig, TokenConfig };

/** One line per request. Never carries the key, the access token or message text. */
export interface RequestLog {
  time: string; // ISO timestamp of the request's arrival
  ip: string; // client IP ("-" when unknown)
  method: string;
  path: string;
  model: string | null;
  status: number;
  ttfbMs: number | null; // time to the first byte sent to the client
  durationMs: number;
  bytes: number; // bytes sent to the client
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  error?: string; // short reason for errors (never secrets)
  token?: string; // the named access token's name (never the token)
  tries?: string; // each upstream try with routing/fallbacks: "gpt-4o@openai 503 > deepseek-chat@deepseek 200"
}

/** Counter store behind the rate limit, the daily quota and the access-token lockout (in memory by default). */
export interface CounterStore {
  /** Adds 1 to `key` in the window that ends at `resetAt` (ms epoch) and returns the new count. */
  hit(
    key: string,
    windowMs: number,
    now: number,
  ): Promise<{ count: number; resetAt: number }> | { count: number; resetAt: number };
  /**
   * Keeps a number under `key` until `expiresAt` (ms epoch), and reads it back (undefined once expired). The
   * access-token lockout uses them; a store without them gets its lockout kept in memory, per process.
   */
  put?(key: string, value: number, expiresAt: number, now: number): Promise<void> | void;
  get?(key: string, now: number): Promise<number | undefined> | number | undefined;
  /**
   * Adds `deltas` to the numbers kept under `key` (until `expiresAt`) — unless `limits` names a field already at or
   * over its limit, then changes nothing and answers which. One atomic step: parallel requests racing one budget
   * are admitted one at a time (guards/budget.ts). A store without it cannot hold named tokens' budgets.
   */
  tally?(
    key: string,
    deltas: Tally,
    limits: Tally | null,
    expiresAt: number,
    now: number,
  ): Promise<TallyResult> | TallyResult;
  /** Every unexpired tally whose key starts with `prefix` (the usage report). */
  scan?(
    prefix: string,
    now: number,
  ): Promise<Array<{ key: string; values: Tally }>> | Array<{ key: string; values: Tally }>;
}

export type Tally = Record<string, number>;
export interface TallyResult {
  ok: boolean;
  values: Tally;
  /** The field at its limit, when refused. */
  over?: string;
}

export interface RelayOptions {
  /** Upstream base URL ending in /v1 (default from the provider preset, else https://api.openai.com/v1). */
  upstream?: string;
  /** Preset for upstream URL + auth style. */
  provider?: ProviderName;
  /** Upstream keys; several are rotated, a key answering 401/429 is skipped for a while. Empty → demo model. */
  apiKeys?: string[];
  /**
   * When non-empty, clients must send `Authorization: Bearer <one of these>` (each at least 16 characters). After 10
   * wrong tokens in a minute a client IP is locked out (429) for 60 s, doubling per lockout up to an hour.
   */
  accessTokens?: string[];
  /**
   * With no access tokens, answer the API routes with a 503 that says how to configure them instead of serving
   * openly. The Workers, Deno and Bun adapters set it unless GPT_CHAT_PUBLIC=1 (the CLI refuses at start-up).
   */
  requireAccessToken?: boolean;
  /** CORS allowlist of origins; supports `http://localhost:*` style port wildcards. Default: own origin + localhost. */
  allowOrigins?: string[];
  /** Model allowlist; the first is the default when a request names none. */
  models?: string[];
  /** Several upstreams, routed by model (instead of provider/upstream/apiKeys); see routing/. */
  providers?: ProviderConfig[];
  /** Model → models tried in order when it fails before anything reached the client. */
  fallbacks?: Fallbacks;
  /** Seconds a model that has a fallback may take to send its headers before the next one is tried (default 30). */
  fallbackTimeoutSeconds?: number;
  /** Named access tokens, each with its own limits (next to the unnamed accessTokens). */
  tokens?: TokenConfig[];
  /** Clamp for max_tokens / max_completion_tokens. */
  maxTokens?: number;
  /** Largest `n` (choices per request) a client may ask for. */
  maxN?: number;
  /** Request fields allowed beyond the standard ones and the provider preset's (see guards/params.ts). */
  allowParams?: string[];
  /** Requests per minute per client IP (0 = off). */
  rateLimit?: number;
  /** Requests per day per client IP. */
  dailyQuota?: number;
  /**
   * Host names the relay answers to (Host header, port ignored; ".example.com" = any subdomain). Empty = any.
   * Guards a relay on 127.0.0.1 against DNS rebinding: pass ["localhost", "127.0.0.1", "[::1]"] when bound to loopback.
   */
  allowedHosts?: string[];
  /** Take the client IP from X-Forwarded-For. */
  trustProxy?: boolean;
  /** Seconds of upstream silence before a `: ping` comment. */
  heartbeatSeconds?: number;
  /** Idle timeout on the upstream in seconds. */
  timeoutSeconds?: number;
  /**
   * Seconds a client may take no bytes while some wait for it: then its upstream request is aborted
   * and its connection closed, so a client that stops reading cannot hold an upstream request.
   */
  sendTimeoutSeconds?: number;
  /** Request body limit in bytes. */
  bodyLimit?: number;
  /** Seconds a client may take to send its whole request body before a 408 (default 30; slow-loris guard). */
  bodyTimeoutSeconds?: number;
  /** The fetch used to reach the upstream. Node's CLI passes undici's fetch with its proxy dispatcher. */
  fetch?: typeof globalThis.fetch;
  /** Serves the widget build and the page: returns a Response for a GET path, or null when it has none. */
  assets?: (pathname: string) => Promise<Response | null> | Response | null;
  /**
   * Other relays the served page may talk to (its CSP connect-src, as origins). Default none: the page served by
   * a relay talks to that relay only.
   */
  pageRelays?: string[];
  /** Receives one record per request. */
  log?: (record: RequestLog) => void;
  /** Where the rate-limit and quota counters live (default: in memory, per process). */
  store?: CounterStore;
  /** Gets the client IP when the runtime knows it (Node: socket address). */
  clientIp?: (request: Request) => string | undefined;
  /** Demo model chunk delay in ms (default 20; tests set 0). */
  demoDelayMs?: number;
  /**
   * Aborted when the server is going down for good (after its grace period): every chat stream still running
   * then ends with an error event (503 `relay_shutting_down`) and its upstream request is aborted, so clients
   * see a clear, retryable error instead of a cut connection.
   */
  shutdownSignal?: AbortSignal;
  /** Clock, for tests. */
  now?: () => number;
  /** Where /v1/sync keeps each token's encrypted records (absent: sync is off). The CLI builds it from --sync-dir. */
  syncStore?: SyncStore;
  /** Bytes one token's sync space may hold (default 100 MiB). */
  syncQuota?: number;
}
