// The CLI's flags, read from the settings table (settings/table.ts) like every runtime's environment.
// Precedence: flag > environment variable > the relay's default.
// Error messages name the flag or variable but never echo a value (it may be a key).
import { readFileSync } from 'node:fs';
import type { RelayOptions } from '../settings/options.js';
import { PROVIDER_NAMES, PROVIDERS } from '../settings/providers.js';
import { defaultText, SETTINGS, type CliOnlySettings, type Setting } from '../settings/table.js';
import { Invalid, KINDS, type LogFormat } from '../settings/values.js';
import { BLOCKED_PARAMS, STANDARD_PARAMS } from '../guards/params.js';
import { parseProxyUrl } from '../runtimes/node/upstream-fetch.js';
import { readConfigFile } from './config-file.js';
import type { FileConfig } from '../settings/config-file.js';

/** What the CLI needs: where to listen, how to log, the outbound proxy, and the relay's options. */
export interface CliConfig {
  port: number;
  host: string;
  logFormat: LogFormat;
  /** --public: the operator means to serve without access tokens on a non-loopback address. */
  public: boolean;
  /** Explicit outbound proxy (--proxy); env proxies are read by the upstream fetch itself, with NO_PROXY. */
  proxy?: string;
  /** --config / GPT_CHAT_CONFIG: the file read (SIGHUP reads it again). */
  config?: string;
  /** --sync-dir: where the sync records live (absent: sync is off). */
  syncDir?: string;
  relay: RelayOptions;
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'token' }
  | { kind: 'serve'; config: CliConfig }
  | { kind: 'usage'; config: CliConfig };

/** A wrong flag or value: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The settings that have a flag (all of them today). */
export const FLAGS: readonly Setting[] = SETTINGS.filter((setting) => setting.flag);

const CONFIG = FLAGS.find((setting) => setting.name === 'config')!;
const BY_FLAG = new Map(FLAGS.map((setting) => [setting.flag, setting]));
const BY_SHORT = new Map(FLAGS.filter((setting) => setting.short).map((setting) => [setting.short!, setting]));

/** Converts one raw value; `source` is "--flag" or the env variable's name, for the error message. */
function convert(setting: Setting, raw: string, source: string): unknown {
  const value = raw.trim();
  let parsed: unknown;
  try {
    parsed = KINDS[setting.kind](value);
    if (setting.kind === 'proxy') parseProxyUrl(value, source);
  } catch (error) {
    if (error instanceof Invalid) throw new UsageError(source + error.cli);
    throw new UsageError((error as Error).message);
  }
  if (Array.isArray(parsed) && parsed.length === 0) throw new UsageError(`${source}: expected a value`);
  return parsed;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Turns argv (without node and the script) and the environment into what to do. Throws UsageError. */
export function parseCli(argv: readonly string[], env: Env): CliCommand {
  if (argv[0] === 'token') {
    if (argv.length > 1) throw new UsageError('gpt-chat token takes no options');
    return { kind: 'token' };
  }
  if (argv[0] === 'usage') {
    // The same flags/file as the relay it asks: they say where it listens and hold the admin token.
    const command = parseCli(argv.slice(1), env);
    return command.kind === 'serve' ? { kind: 'usage', config: command.config } : command;
  }
  const given = new Map<string, unknown>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '-h' || token === '--help') return { kind: 'help' };
    if (token === '-v' || token === '--version') return { kind: 'version' };
    let flag: Setting | undefined;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
      const negated = name.startsWith('no-') ? BY_FLAG.get(name.slice(3)) : undefined;
      if (negated?.kind === 'bool' && inline === undefined) {
        given.set(negated.name, false);
        continue;
      }
      flag = BY_FLAG.get(name);
      if (!flag) throw new UsageError(`unknown option --${name}`);
    } else if (/^-[a-zA-Z]$/.test(token)) {
      flag = BY_SHORT.get(token.slice(1));
      if (!flag) throw new UsageError(`unknown option ${token}`);
    } else {
      throw new UsageError(
        `unexpected argument "${token.length > 40 ? token.slice(0, 40) + '…' : token}" (options start with --)`,
      );
    }
    let raw: string;
    if (flag.kind === 'bool') {
      raw = inline ?? '';
    } else if (inline !== undefined) {
      raw = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next))) {
        throw new UsageError(`--${flag.flag} needs a value (${flag.arg})`);
      }
      raw = next;
      i++;
    }
    const value = convert(flag, raw, `--${flag.flag}`);
    if (flag.repeatable && given.has(flag.name))
      given.set(flag.name, [...(given.get(flag.name) as string[]), ...(value as string[])]);
    else given.set(flag.name, value); // a repeated single-value flag: the last one wins
  }

  const fromFlagOrEnv = (setting: Setting): unknown => {
    if (given.has(setting.name)) return given.get(setting.name);
    for (const variable of setting.env) {
      const raw = env[variable];
      if (raw !== undefined && raw.trim() !== '') {
        // *_PROXY variables are read (with NO_PROXY) by the upstream fetch; only validated here.
        const value = convert(setting, raw, variable);
        return setting.kind === 'proxy' ? undefined : value;
      }
    }
    return undefined;
  };
  // Precedence: flag > environment variable > config file > the table's default.
  const configPath = fromFlagOrEnv(CONFIG) as string | undefined;
  const file: FileConfig | undefined = configPath === undefined ? undefined : readConfigFile(configPath, env);
  const read = (setting: Setting): unknown => fromFlagOrEnv(setting) ?? file?.settings[setting.name];

  const relay: Record<string, unknown> = {};
  const entry: Record<string, unknown> = {};
  for (const setting of FLAGS) {
    const value = read(setting);
    if (setting.entry) entry[setting.name] = value ?? setting.default;
    else if (value !== undefined) relay[setting.name] = value;
  }
  if (file?.providers) {
    const single = ['provider', 'upstream', 'apiKeys'].filter((name) => name in relay);
    if (single.length > 0)
      throw new UsageError(`${single.join(', ')} cannot be combined with the config file's "providers" list`);
    relay.providers = file.providers;
  }
  if (file?.fallbacks) relay.fallbacks = file.fallbacks;
  if (file?.tokens) relay.tokens = file.tokens;
  const { proxy, config: _config, ...listen } = entry as Partial<CliOnlySettings>;
  const config = { ...listen, relay } as CliConfig;
  if (configPath !== undefined) config.config = configPath;
  if (proxy !== undefined) config.proxy = proxy;
  return { kind: 'serve', config };
}

export function packageVersion(): string {
  // src/relay/cli/flags.ts and dist/relay/cli/flags.js are both three levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Splits a long comma list into help lines of at most ~100 characters. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > 100) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

export function helpText(version: string): string {
  const lines = [
    `gpt-chat ${version} — the relay for <gpt-chat>: keeps your API key on the server, streams any`,
    'OpenAI-compatible upstream to the browser, and serves the widget (/gpt-chat.js) and the chat page (/).',
    '',
    'Usage:  gpt-chat [options]',
    '        npx gpt-chat --api-key sk-…            (no key: the built-in demo model answers)',
    '        gpt-chat token                         print a new random access token (256 bits, URL-safe)',
    "        gpt-chat usage --config FILE           print the running relay's usage per token and model",
    '',
    'Options (a flag wins over its environment variable):',
  ];
  for (const flag of FLAGS) {
    const short = flag.short ? `-${flag.short}, ` : '    ';
    const name = `${short}--${flag.flag}${flag.arg ? ` ${flag.arg}` : ''}`;
    const env = flag.kind === 'proxy' ? `${flag.env.join(' / ')} (+ NO_PROXY)` : flag.env.join(' / ');
    lines.push(`  ${name.padEnd(28)}${flag.doc}`);
    lines.push(`  ${''.padEnd(28)}env ${env}; default: ${defaultText(flag)}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(28)}show this help`);
  lines.push(`  ${'-v, --version'.padEnd(28)}print the version`);
  lines.push(
    '',
    'Request fields: the ordinary chat-completion fields pass:',
    ...wrap(STANDARD_PARAMS.join(', '), '  '),
    ...wrap(`Refused with a 400 unless --allow-param NAME: ${BLOCKED_PARAMS.join(', ')}, and any unknown field.`, ''),
    'A --provider preset also lets its own fields through:',
    ...PROVIDER_NAMES.filter((name) => PROVIDERS[name].extraParams.length > 0).map(
      (name) => `  ${name}: ${PROVIDERS[name].extraParams.join(', ')}`,
    ),
    'max_tokens, max_completion_tokens and n must be positive whole numbers; n at most --max-n.',
    '',
    'Access: on a non-loopback --host the relay refuses to start without --access-token (or --public). After 10',
    'wrong tokens in a minute a client IP gets 429 for 60 s, doubling per lockout up to an hour.',
    '',
    'Examples:',
    '  npx gpt-chat --api-key sk-…',
    '  npx gpt-chat --provider deepseek --api-key sk-… --proxy socks5://127.0.0.1:1080',
    '  TOKEN=$(npx gpt-chat token); OPENAI_API_KEY=sk-… npx gpt-chat --host 0.0.0.0 --access-token "$TOKEN"',
    '',
    'Request logs go to stdout (one line each; never the key, tokens or message text); the banner to stderr.',
  );
  return lines.join('\n') + '\n';
}
