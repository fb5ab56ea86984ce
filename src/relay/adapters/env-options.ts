// Turns a record of string settings (process.env, Deno.env.toObject(), a Workers `env`) into RelayOptions.
// Every runtime adapter reads the same names as the Node CLI (src/relay/node/flags.ts), so a setting means the
// same thing wherever the relay runs. Names follow the relay issue's table; those from GPT_CHAT_TRUST_PROXY on
// stand in for CLI-only flags on runtimes that have no command line (Workers, Deno Deploy).
//
// Values are validated here as the CLI validates its flags (src/relay/node/flags.ts), at start-up, so a typo fails loudly once instead of on every request. Error
// messages name the variable but never echo its value (it may be a key).

import type { ProviderName, RelayOptions } from '../options.js';
import { MIN_TOKEN_LENGTH } from '../config.js';
import { trimTrailingSlashes } from '../../shared/trim-slashes.js';
import { splitList } from '../../shared/split-list.js';

/** The environment variables the relay understands, with what each sets. */
export const RELAY_ENV = {
  OPENAI_BASE_URL: 'upstream base URL ending in /v1',
  GPT_CHAT_PROVIDER: 'provider preset: openai, deepseek, qwen, moonshot, zhipu, openrouter, ollama, azure',
  OPENAI_API_KEY: 'upstream key(s), comma-separated; none → the built-in demo model',
  GPT_CHAT_TOKENS: `access tokens clients send as Authorization: Bearer (comma list, each ≥ ${MIN_TOKEN_LENGTH} characters)`,
  GPT_CHAT_PUBLIC: 'serve without access tokens on purpose (1/true); else no tokens → every API request gets a 503',
  GPT_CHAT_ORIGINS: 'CORS allowlist (comma list, http://localhost:* style wildcards)',
  GPT_CHAT_PAGE_RELAYS: 'other relays the served page may connect to (comma list of origins; CSP connect-src)',
  GPT_CHAT_MODELS: 'model allowlist (comma list); the first is the default',
  GPT_CHAT_MAX_TOKENS: 'clamp for max_tokens / max_completion_tokens',
  GPT_CHAT_MAX_N: 'largest n (choices per request) a client may ask for (default 1)',
  GPT_CHAT_ALLOW_PARAMS: 'request fields to let through that are refused by default (comma list; see --help)',
  GPT_CHAT_RATE_LIMIT: 'requests per minute per client IP (default 30; 0 = off)',
  GPT_CHAT_DAILY_QUOTA: 'requests per day per client IP (default off)',
  GPT_CHAT_TRUST_PROXY: 'take the client IP from X-Forwarded-For (1/true)',
  GPT_CHAT_HEARTBEAT: 'seconds of upstream silence before a ": ping" comment (default 15)',
  GPT_CHAT_TIMEOUT: 'idle timeout on the upstream in seconds (default 600)',
  GPT_CHAT_SEND_TIMEOUT: 'seconds a client may read nothing while bytes wait for it (default 60)',
  GPT_CHAT_BODY_LIMIT: 'request body limit in bytes (default 1 MiB)',
  GPT_CHAT_LOG_FORMAT: 'request log: text, json or off (Workers default json; Deno, Bun default text)',
} as const;

export type RelayEnvName = keyof typeof RELAY_ENV;

/** A Workers `env` also holds bindings that are not strings (KV, Durable Objects): those are ignored here. */
export type EnvRecord = Readonly<Record<string, unknown>>;

const PROVIDERS: readonly ProviderName[] = ['openai', 'deepseek', 'qwen', 'moonshot', 'zhipu', 'openrouter', 'ollama', 'azure'];

export class RelayEnvError extends Error {
  override name = 'RelayEnvError';
}

function text(env: EnvRecord, name: RelayEnvName): string | undefined {
  const value = env[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** "a, b,,c" → ["a","b","c"]; unset or empty → undefined (so the relay's own default applies). */
export function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = splitList(value);
  return items.length > 0 ? items : undefined;
}

function tokens(env: EnvRecord): string[] | undefined {
  const list = parseList(text(env, 'GPT_CHAT_TOKENS'));
  if (list?.some((token) => token.length < MIN_TOKEN_LENGTH)) {
    const hint = '(npx gpt-chat token prints one)';
    throw new RelayEnvError(`GPT_CHAT_TOKENS: each token must be at least ${MIN_TOKEN_LENGTH} characters ${hint}`);
  }
  return list;
}

function count(env: EnvRecord, name: RelayEnvName, { allowFraction = false, positive = false } = {}): number | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0) || (!allowFraction && !Number.isInteger(value))) {
    const kind = allowFraction ? 'number' : 'whole number';
    throw new RelayEnvError(`${name} must be a ${kind} ${positive ? '> 0' : '≥ 0'}`);
  }
  return value;
}

function flag(env: EnvRecord, name: RelayEnvName): boolean | undefined {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new RelayEnvError(`${name} must be 1/true or 0/false`);
}

function upstreamUrl(env: EnvRecord): string | undefined {
  const raw = text(env, 'OPENAI_BASE_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RelayEnvError('OPENAI_BASE_URL must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RelayEnvError('OPENAI_BASE_URL must be an absolute http(s) URL');
  }
  return trimTrailingSlashes(raw);
}

function provider(env: EnvRecord): ProviderName | undefined {
  const raw = text(env, 'GPT_CHAT_PROVIDER')?.toLowerCase();
  if (raw === undefined) return undefined;
  if (!(PROVIDERS as readonly string[]).includes(raw)) {
    throw new RelayEnvError(`GPT_CHAT_PROVIDER must be one of ${PROVIDERS.join(', ')}`);
  }
  return raw as ProviderName;
}

/**
 * Reads the relay's settings from `env`. Unset names are left out of the result (but `requireAccessToken` is always
 * there: true unless GPT_CHAT_PUBLIC is set), so spreading it over
 * other options (or the relay's defaults) works: `createRelay({ ...optionsFromEnv(env), fetch, store })`.
 */
export function optionsFromEnv(env: EnvRecord): RelayOptions {
  const options: RelayOptions = {
    upstream: upstreamUrl(env),
    provider: provider(env),
    apiKeys: parseList(text(env, 'OPENAI_API_KEY')),
    accessTokens: tokens(env),
    // Runtimes with no start-up check on the listening address refuse to serve openly unless told to.
    requireAccessToken: flag(env, 'GPT_CHAT_PUBLIC') !== true,
    allowOrigins: parseList(text(env, 'GPT_CHAT_ORIGINS')),
    pageRelays: parseList(text(env, 'GPT_CHAT_PAGE_RELAYS')),
    models: parseList(text(env, 'GPT_CHAT_MODELS')),
    maxTokens: count(env, 'GPT_CHAT_MAX_TOKENS', { positive: true }),
    maxN: count(env, 'GPT_CHAT_MAX_N', { positive: true }),
    allowParams: parseList(text(env, 'GPT_CHAT_ALLOW_PARAMS')),
    rateLimit: count(env, 'GPT_CHAT_RATE_LIMIT'),
    dailyQuota: count(env, 'GPT_CHAT_DAILY_QUOTA'),
    trustProxy: flag(env, 'GPT_CHAT_TRUST_PROXY'),
    heartbeatSeconds: count(env, 'GPT_CHAT_HEARTBEAT', { allowFraction: true }),
    timeoutSeconds: count(env, 'GPT_CHAT_TIMEOUT', { allowFraction: true }),
    sendTimeoutSeconds: count(env, 'GPT_CHAT_SEND_TIMEOUT', { allowFraction: true, positive: true }),
    bodyLimit: count(env, 'GPT_CHAT_BODY_LIMIT', { positive: true }),
  };
  for (const key of Object.keys(options) as Array<keyof RelayOptions>) {
    if (options[key] === undefined) delete options[key];
  }
  return options;
}
