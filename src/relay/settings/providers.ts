// Upstream presets: where each OpenAI-compatible provider lives and how it wants the key.
// The upstream URL only ever comes from options (never from a request).
import type { RelayOptions } from './options.js';
import { trimTrailingSlashes } from '../../shared/trim-slashes.js';

export type AuthStyle = 'bearer' | 'api-key';

export interface ProviderPreset {
  /** Base URL ending in /v1 (or the provider's equivalent); null when the user must give one (azure). */
  baseURL: string | null;
  auth: AuthStyle;
  /** False for local servers (ollama) that accept requests without a key, so no key does not mean demo mode. */
  keyRequired: boolean;
  /** Field that limits output tokens when the relay has to add one (OpenAI's newer models reject max_tokens). */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** The provider's own ordinary request fields, allowed next to the standard ones (guards/params.ts). */
  extraParams: readonly string[];
}

// Left out on purpose: fields that lift the relay's caps or allowlists (ollama `options` can set num_predict -1;
// openrouter `models`/`route` fall back to models outside --models) and paid extras (qwen enable_search).
const OPENAI_EXTRAS = ['verbosity', 'prompt_cache_key', 'safety_identifier'];

export const PROVIDERS = {
  openai: {
    baseURL: 'https://api.openai.com/v1',
    auth: 'bearer',
    keyRequired: true,
    maxTokensField: 'max_completion_tokens',
    extraParams: OPENAI_EXTRAS,
  },
  deepseek: {
    baseURL: 'https://api.deepseek.com/v1',
    auth: 'bearer',
    keyRequired: true,
    maxTokensField: 'max_tokens',
    extraParams: ['thinking'],
  },
  qwen: {
    baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    auth: 'bearer',
    keyRequired: true,
    maxTokensField: 'max_tokens',
    extraParams: ['enable_thinking', 'thinking_budget', 'top_k', 'repetition_penalty'],
  },
  moonshot: {
    baseURL: 'https://api.moonshot.cn/v1',
    auth: 'bearer',
    keyRequired: true,
    maxTokensField: 'max_tokens',
    extraParams: [],
  },
  zhipu: {
    baseURL: 'https://open.bigmodel.cn/api/paas/v4',
    auth: 'bearer',
    keyRequired: true,
    maxTokensField: 'max_tokens',
    extraParams: ['do_sample', 'request_id', 'thinking'],
  },
  openrouter: {
    baseURL: 'https://openrouter.ai/api/v1',
    auth: 'bearer',
    keyRequired: true,
    maxTokensField: 'max_tokens',
    extraParams: [
      'provider',
      'transforms',
      'reasoning',
      'include_reasoning',
      'top_k',
      'min_p',
      'repetition_penalty',
      'top_a',
    ],
  },
  ollama: {
    baseURL: 'http://127.0.0.1:11434/v1',
    auth: 'bearer',
    keyRequired: false,
    maxTokensField: 'max_tokens',
    extraParams: ['think', 'format', 'keep_alive', 'top_k'],
  },
  azure: {
    baseURL: null,
    auth: 'api-key',
    keyRequired: true,
    maxTokensField: 'max_completion_tokens',
    extraParams: OPENAI_EXTRAS,
  },
} as const satisfies Readonly<Record<string, ProviderPreset>>;

export type ProviderName = keyof typeof PROVIDERS;

/** The preset names, in the order above (--help, error messages). */
export const PROVIDER_NAMES = Object.keys(PROVIDERS) as readonly ProviderName[];

export function isProviderName(name: string): name is ProviderName {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, name);
}

/** Everything the request path needs to reach the upstream, resolved once at start-up. */
export interface UpstreamTarget {
  provider: ProviderName;
  /** Base URL without trailing slash and without query. */
  base: string;
  /** Query carried over from the configured URL (Azure's api-version), including the leading '?', or ''. */
  query: string;
  auth: AuthStyle;
  keyRequired: boolean;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  extraParams: readonly string[];
}

/** Resolves options.provider + options.upstream into a target; throws on a configuration the relay cannot serve. */
export function resolveUpstream(options: Pick<RelayOptions, 'provider' | 'upstream'>): UpstreamTarget {
  const provider = options.provider ?? 'openai';
  if (!isProviderName(provider))
    throw new TypeError(`Unknown provider "${provider}". Known: ${PROVIDER_NAMES.join(', ')}`);
  const preset = PROVIDERS[provider];
  const raw = options.upstream ?? preset.baseURL;
  if (!raw)
    throw new TypeError(`Provider "${provider}" needs an upstream URL (e.g. https://NAME.openai.azure.com/openai/v1).`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`Invalid upstream URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`Upstream URL must be http(s): ${raw}`);
  if (url.username || url.password) throw new TypeError('Upstream URL must not carry credentials; use apiKeys.');
  const query = url.search;
  url.search = '';
  url.hash = '';
  return {
    provider,
    base: trimTrailingSlashes(url.href),
    query,
    auth: preset.auth,
    keyRequired: preset.keyRequired,
    maxTokensField: preset.maxTokensField,
    extraParams: preset.extraParams,
  };
}

/** The upstream URL for an API path like "/chat/completions", keeping the configured query (api-version). */
export function upstreamURL(target: UpstreamTarget, path: string): string {
  return target.base + path + target.query;
}

/** The auth header the relay itself adds; the client's own Authorization never goes upstream. */
export function authHeader(target: UpstreamTarget, key: string | null): [string, string] | null {
  if (!key) return null;
  return target.auth === 'api-key' ? ['api-key', key] : ['authorization', `Bearer ${key}`];
}
