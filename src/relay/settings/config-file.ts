// gpt-chat.config.json → settings. Every setting of the table (settings/table.ts) under its name, plus the lists
// (providers, fallbacks, tokens: config-lists.ts). `${NAME}` in any string is read from the environment. Every
// error is collected with its JSON path, so one run shows them all ("providers[1].keys: expected a non-empty list").
import { SETTINGS, type Setting, type SettingName } from './table.js';
import { Invalid, KINDS } from './values.js';
import { substituteEnv } from './env-substitution.js';
import { checkFallbacks, checkProviders, checkTokens } from './config-lists.js';
import type { Fallbacks, ProviderConfig, TokenConfig } from './lists.js';

export interface FileConfig {
  /** Table settings the file sets, by setting name. */
  settings: Partial<Record<SettingName, unknown>>;
  providers?: ProviderConfig[];
  fallbacks?: Fallbacks;
  tokens?: TokenConfig[];
}

/** A config the relay cannot start with: every problem, one line each, never a value (it may be a key). */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly errors: readonly string[],
  ) {
    super(`${source}:\n${errors.map((error) => `  ${error}`).join('\n')}`);
  }
}

/** Settings a file does not set: `config` itself. */
const FILE_SETTINGS = new Map(SETTINGS.filter((s) => s.name !== 'config').map((s) => [s.name as string, s]));
const LIST_KEYS = new Set(['$schema', 'providers', 'fallbacks', 'tokens']);

/** The largest config file read (a family's list of tokens is a few KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type Problems = string[];

/** Replaces `${NAME}` in every string of a parsed JSON value. */
function substituteAll(value: unknown, env: Readonly<Record<string, unknown>>, missing: Set<string>): unknown {
  if (typeof value === 'string') return substituteEnv(value, env, (name) => missing.add(name));
  if (Array.isArray(value)) return value.map((item) => substituteAll(item, env, missing));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = substituteAll(item, env, missing);
    return out;
  }
  return value;
}

/** One table setting's value from JSON: typed values as they are, strings through the kind's parser. */
function settingValue(setting: Setting, raw: unknown, path: string, problems: Problems): unknown {
  const kind = setting.kind;
  let text: string;
  if (kind === 'list' || kind === 'tokens') {
    if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) text = raw.join(',');
    else if (typeof raw === 'string') text = raw;
    else return void problems.push(`${path}: expected a list of strings`);
  } else if (kind === 'bool') {
    if (typeof raw === 'boolean') return raw;
    if (typeof raw !== 'string') return void problems.push(`${path}: expected true or false`);
    text = raw;
  } else if (typeof raw === 'number' || typeof raw === 'string') {
    if (typeof raw === 'number' && !['port', 'count', 'positive', 'seconds'].includes(kind))
      return void problems.push(`${path}: expected a string`);
    text = String(raw);
  } else return void problems.push(`${path}: expected a ${kind === 'string' ? 'string' : 'number'}`);
  try {
    const value = KINDS[kind](text.trim());
    if (Array.isArray(value) && value.length === 0) return void problems.push(`${path}: expected a non-empty list`);
    return value;
  } catch (error) {
    if (error instanceof Invalid) return void problems.push(path + error.cli);
    throw error;
  }
}

/** Parses and checks a config file's text; throws ConfigError with every problem. `source` names it in errors. */
export function parseConfigText(text: string, env: Readonly<Record<string, unknown>>, source: string): FileConfig {
  if (text.length > MAX_CONFIG_BYTES) throw new ConfigError(source, [`larger than ${MAX_CONFIG_BYTES} bytes`]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(source, [`not valid JSON (${(error as Error).message})`]);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new ConfigError(source, ['expected a JSON object { … }']);
  const missing = new Set<string>();
  const file = substituteAll(json, env, missing) as Record<string, unknown>;
  const problems: Problems = [...missing].map((name) => `\${${name}}: environment variable ${name} is not set`);
  const config: FileConfig = { settings: {} };
  for (const [key, raw] of Object.entries(file)) {
    const setting = FILE_SETTINGS.get(key);
    if (setting) {
      const value = settingValue(setting, raw, key, problems);
      if (value !== undefined) config.settings[setting.name] = value;
    } else if (!LIST_KEYS.has(key)) problems.push(`${key}: unknown setting (see the $schema for the known ones)`);
  }
  if (file.providers !== undefined) config.providers = checkProviders(file.providers, problems);
  if (file.tokens !== undefined) config.tokens = checkTokens(file.tokens, problems);
  if (file.fallbacks !== undefined) config.fallbacks = checkFallbacks(file.fallbacks, problems);
  if (config.providers && ['provider', 'upstream', 'apiKeys'].some((name) => name in config.settings))
    problems.push('providers: give either "providers" or provider/upstream/apiKeys, not both');
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}
