// The relay configurations the conformance suite needs, in one runtime-neutral shape. Each runtime harness turns
// a profile into what its entry point reads: CLI flags for Node, env bindings for workerd, env vars for Deno/Bun.

export interface RelayProfile {
  upstream?: string;
  apiKeys?: string[];
  accessTokens?: string[];
  allowOrigins?: string[];
  models?: string[];
  maxTokens?: number;
  rateLimit?: number;
  trustProxy?: boolean;
  heartbeatSeconds?: number;
  /** Serve without access tokens on purpose (GPT_CHAT_PUBLIC=1 / --public); else a tokenless adapter answers 503. */
  public?: boolean;
}

/** The profile as the environment variables env-options.ts reads (also the Workers bindings). */
export function profileEnv(profile: RelayProfile): Record<string, string> {
  const env: Record<string, string> = {};
  if (profile.upstream) env.OPENAI_BASE_URL = profile.upstream;
  if (profile.apiKeys?.length) env.OPENAI_API_KEY = profile.apiKeys.join(',');
  if (profile.accessTokens?.length) env.GPT_CHAT_TOKENS = profile.accessTokens.join(',');
  if (profile.allowOrigins?.length) env.GPT_CHAT_ORIGINS = profile.allowOrigins.join(',');
  if (profile.models?.length) env.GPT_CHAT_MODELS = profile.models.join(',');
  if (profile.maxTokens !== undefined) env.GPT_CHAT_MAX_TOKENS = String(profile.maxTokens);
  if (profile.rateLimit !== undefined) env.GPT_CHAT_RATE_LIMIT = String(profile.rateLimit);
  if (profile.trustProxy) env.GPT_CHAT_TRUST_PROXY = '1';
  if (profile.heartbeatSeconds !== undefined) env.GPT_CHAT_HEARTBEAT = String(profile.heartbeatSeconds);
  if (profile.public) env.GPT_CHAT_PUBLIC = '1';
  return env;
}

/** The profile as the Node CLI's flags (the CLI's own interface, as a user would type it). */
export function profileFlags(profile: RelayProfile): string[] {
  const flags: string[] = [];
  if (profile.upstream) flags.push('--upstream', profile.upstream);
  if (profile.apiKeys?.length) flags.push('--api-key', profile.apiKeys.join(','));
  for (const token of profile.accessTokens ?? []) flags.push('--access-token', token);
  for (const origin of profile.allowOrigins ?? []) flags.push('--allow-origin', origin);
  if (profile.models?.length) flags.push('--models', profile.models.join(','));
  if (profile.maxTokens !== undefined) flags.push('--max-tokens', String(profile.maxTokens));
  if (profile.rateLimit !== undefined) flags.push('--rate-limit', String(profile.rateLimit));
  if (profile.trustProxy) flags.push('--trust-proxy');
  if (profile.heartbeatSeconds !== undefined) flags.push('--heartbeat', String(profile.heartbeatSeconds));
  if (profile.public) flags.push('--public');
  return flags;
}
