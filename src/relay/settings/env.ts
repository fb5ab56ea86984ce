// Reads the relay's settings from a record of strings (process.env, Deno.env.toObject(), a Workers `env`) by
// the settings table, as the Node CLI reads its environment, so a setting means the same wherever the relay
// runs. Validated at start-up, so a typo fails loudly once; messages name the variable, never its value.
import type { RelayOptions } from './options.js';
import { SETTINGS, type Setting } from './table.js';
import { Invalid, KINDS } from './values.js';
import { splitList } from '../../shared/split-list.js';
import { ConfigError, parseConfigText } from './config-file.js';

/** A Workers `env` also holds bindings that are not strings (KV, Durable Objects): those are ignored here. */
export type EnvRecord = Readonly<Record<string, unknown>>;

export class RelayEnvError extends Error {
  override name = 'RelayEnvError';
}

/** "a, b,,c" → ["a","b","c"]; unset or empty → undefined (so the relay's own default applies). */
export function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = splitList(value);
  return items.length > 0 ? items : undefined;
}

/** The setting's value from the first of its variables that is set; undefined when none is (or a list is empty). */
export function readEnvSetting(env: EnvRecord, setting: Setting): unknown {
  for (const name of setting.env) {
    const raw = env[name];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    try {
      const value = KINDS[setting.kind](raw.trim());
      return Array.isArray(value) && value.length === 0 ? undefined : value;
    } catch (error) {
      if (error instanceof Invalid) throw new RelayEnvError(name + error.env);
      throw error;
    }
  }
  return undefined;
}

const RELAY_SETTINGS = SETTINGS.filter((setting) => !setting.entry);
const PUBLIC = SETTINGS.find((setting) => setting.name === 'public')!;
const PORT = SETTINGS.find((setting) => setting.name === 'port')!;
const HOST = SETTINGS.find((setting) => setting.name === 'host')!;

/** PORT and HOST for an entry that listens itself (Deno, Bun), parsed and defaulted as the CLI does. */
export function listenAddressFromEnv(env: EnvRecord): { port: number; host: string } {
  return {
    port: (readEnvSetting(env, PORT) as number | undefined) ?? (PORT.default as number),
    host: (readEnvSetting(env, HOST) as string | undefined) ?? (HOST.default as string),
  };
}

/**
 * Reads the relay's settings from `env`. Unset names are left out of the result (but `requireAccessToken` is always
 * there: true unless GPT_CHAT_PUBLIC is set), so spreading it over other options (or the relay's defaults) works:
 * `createRelay({ ...optionsFromEnv(env), fetch, store })`.
 */
export function optionsFromEnv(env: EnvRecord): RelayOptions {
  const options: Record<string, unknown> = { ...configFromEnv(env) };
  for (const setting of RELAY_SETTINGS) {
    const value = readEnvSetting(env, setting);
    if (value !== undefined) options[setting.name] = value;
  }
  // Runtimes with no start-up check on the listening address refuse to serve openly unless told to.
  options.requireAccessToken = readEnvSetting(env, PUBLIC) !== true;
  return options as RelayOptions;
}

/** Where there is no file system (Workers) the config file's JSON can be given whole in this variable. */
export const CONFIG_JSON_VARIABLE = 'GPT_CHAT_CONFIG_JSON';

/** The options GPT_CHAT_CONFIG_JSON sets (the variables of the table override them); {} when it is unset. */
function configFromEnv(env: EnvRecord): RelayOptions {
  const text = env[CONFIG_JSON_VARIABLE];
  if (typeof text !== 'string' || text.trim() === '') return {};
  let file;
  try {
    file = parseConfigText(text, env, CONFIG_JSON_VARIABLE);
  } catch (error) {
    if (error instanceof ConfigError) throw new RelayEnvError(error.message);
    throw error;
  }
  const options: Record<string, unknown> = {};
  for (const setting of RELAY_SETTINGS) {
    const value = file.settings[setting.name];
    if (value !== undefined) options[setting.name] = value;
  }
  if (file.providers) options.providers = file.providers;
  if (file.fallbacks) options.fallbacks = file.fallbacks;
  if (file.tokens) options.tokens = file.tokens;
  return options as RelayOptions;
}
