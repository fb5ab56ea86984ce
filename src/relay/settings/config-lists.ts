// Checks the config file's lists (providers, tokens, fallbacks) into typed values, pushing "path: problem" for
// each thing wrong. Messages never echo a value: keys and tokens are values.
import type { Fallbacks, ModelPrice, ProviderConfig, TokenConfig } from './lists.js';
import { isProviderName, PROVIDER_NAMES, PROVIDERS } from './providers.js';
import { Invalid, KINDS, MIN_TOKEN_LENGTH } from './values.js';

type Problems = string[];
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);

function unknownKeys(item: Json, known: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(item)) if (!known.includes(key)) problems.push(`${path}.${key}: unknown field`);
}

function name(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value !== 'string' || value.trim() === '')
    return void problems.push(`${path}: expected a non-empty string`);
  if (value.includes('/')) return void problems.push(`${path}: must not contain "/" (it separates provider/model)`);
  return value.trim();
}

function stringList(value: unknown, path: string, problems: Problems, nonEmpty: boolean): string[] | undefined {
  const ok = Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '');
  if (!ok || (nonEmpty && value.length === 0)) return void problems.push(`${path}: expected a non-empty list`);
  return (value as string[]).map((item) => item.trim());
}

function number(value: unknown, path: string, problems: Problems, whole: boolean): number | undefined {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && value > 0 && (!whole || Number.isSafeInteger(value));
  if (!ok) return void problems.push(`${path}: expected a ${whole ? 'whole number' : 'number'} > 0`);
  return value as number;
}

function prices(value: unknown, path: string, problems: Problems): Record<string, ModelPrice> | undefined {
  if (!isObject(value)) return void problems.push(`${path}: expected { "model": { "prompt": …, "completion": … } }`);
  const out: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(value)) {
    const at = `${path}.${model}`;
    const ok =
      isObject(price) &&
      ['prompt', 'completion'].every((k) => typeof price[k] === 'number' && Number.isFinite(price[k]) && price[k] >= 0);
    if (!ok) problems.push(`${at}: expected { "prompt": USD per 1M tokens, "completion": USD per 1M tokens }`);
    else out[model] = { prompt: price.prompt as number, completion: price.completion as number };
  }
  return out;
}

export function checkProviders(value: unknown, problems: Problems): ProviderConfig[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return void problems.push('providers: expected a non-empty list');
  const seen = new Set<string>();
  const out: ProviderConfig[] = [];
  value.forEach((item: unknown, i) => {
    const path = `providers[${i}]`;
    if (!isObject(item)) return void problems.push(`${path}: expected an object`);
    unknownKeys(item, ['name', 'preset', 'baseURL', 'keys', 'models', 'prices'], path, problems);
    const provider: Partial<ProviderConfig> = { name: name(item.name, `${path}.name`, problems) };
    if (provider.name && seen.has(provider.name)) problems.push(`${path}.name: another provider has this name`);
    if (provider.name) seen.add(provider.name);
    if (item.preset !== undefined) {
      if (typeof item.preset === 'string' && isProviderName(item.preset)) provider.preset = item.preset;
      else problems.push(`${path}.preset: expected one of ${PROVIDER_NAMES.join(', ')}`);
    }
    if (item.baseURL !== undefined) {
      try {
        provider.baseURL = KINDS.url(typeof item.baseURL === 'string' ? item.baseURL.trim() : '');
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        problems.push(`${path}.baseURL${error.cli}`);
      }
    } else if (provider.preset === 'azure') problems.push(`${path}.baseURL: the azure preset needs a baseURL`);
    const keyRequired = provider.preset ? PROVIDERS[provider.preset].keyRequired : true;
    if (item.keys === undefined && !keyRequired) provider.keys = [];
    else provider.keys = stringList(item.keys, `${path}.keys`, problems, keyRequired);
    if (item.models !== undefined) provider.models = stringList(item.models, `${path}.models`, problems, true);
    if (item.prices !== undefined) provider.prices = prices(item.prices, `${path}.prices`, problems);
    out.push(provider as ProviderConfig);
  });
  return out;
}

export function checkTokens(value: unknown, problems: Problems): TokenConfig[] | undefined {
  if (!Array.isArray(value)) return void problems.push('tokens: expected a list');
  const names = new Set<string>();
  const secrets = new Set<string>();
  const out: TokenConfig[] = [];
  value.forEach((item: unknown, i) => {
    const path = `tokens[${i}]`;
    if (!isObject(item)) return void problems.push(`${path}: expected an object`);
    const known = ['name', 'token', 'models', 'requestsPerDay', 'tokensPerDay', 'usdPerMonth', 'expires', 'admin'];
    unknownKeys(item, known, path, problems);
    const entry: Partial<TokenConfig> = { name: name(item.name, `${path}.name`, problems) };
    if (entry.name && names.has(entry.name)) problems.push(`${path}.name: another token has this name`);
    if (entry.name) names.add(entry.name);
    if (typeof item.token !== 'string' || item.token.length < MIN_TOKEN_LENGTH)
      problems.push(`${path}.token: expected at least ${MIN_TOKEN_LENGTH} characters (gpt-chat token prints one)`);
    else if (secrets.has(item.token)) problems.push(`${path}.token: the same token is listed twice`);
    else {
      secrets.add(item.token);
      entry.token = item.token;
    }
    if (item.models !== undefined) entry.models = stringList(item.models, `${path}.models`, problems, true);
    if (item.requestsPerDay !== undefined)
      entry.requestsPerDay = number(item.requestsPerDay, `${path}.requestsPerDay`, problems, true);
    if (item.tokensPerDay !== undefined)
      entry.tokensPerDay = number(item.tokensPerDay, `${path}.tokensPerDay`, problems, true);
    if (item.usdPerMonth !== undefined)
      entry.usdPerMonth = number(item.usdPerMonth, `${path}.usdPerMonth`, problems, false);
    if (item.expires !== undefined) {
      if (typeof item.expires === 'string' && item.expires.length <= 40 && Number.isFinite(Date.parse(item.expires)))
        entry.expires = item.expires;
      else problems.push(`${path}.expires: expected an ISO date such as 2027-01-01 or 2027-01-01T00:00:00Z`);
    }
    if (item.admin !== undefined) {
      if (typeof item.admin === 'boolean') entry.admin = item.admin;
      else problems.push(`${path}.admin: expected true or false`);
    }
    out.push(entry as TokenConfig);
  });
  return out;
}

export function checkFallbacks(value: unknown, problems: Problems): Fallbacks | undefined {
  if (!isObject(value)) return void problems.push('fallbacks: expected { "model": ["next model", …] }');
  const out: Fallbacks = {};
  for (const [model, list] of Object.entries(value)) {
    const models = stringList(list, `fallbacks.${model}`, problems, true);
    if (models) out[model] = models;
  }
  return out;
}
