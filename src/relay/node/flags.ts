// The CLI's flags: one table drives parsing, validation and --help, so a flag cannot exist without its env
// variable, default and description. Precedence: flag > environment variable > the relay's default.
// Error messages name the flag or variable but never echo a value (it may be a key).
import { readFileSync } from 'node:fs';
import type { ProviderName, RelayOptions } from '../options.js';
import type { LogFormat } from './log.js';
import { trimTrailingSlashes } from '../../shared/trim-slashes.js';
import { splitList } from '../../shared/split-list.js';
import { parseProxyUrl } from './upstream-fetch.js';
import { MIN_TOKEN_LENGTH } from '../config.js';
import { BLOCKED_PARAMS, STANDARD_PARAMS } from '../guards/params.js';
import { PROVIDERS } from '../providers.js';

const PROVIDER_NAMES: readonly ProviderName[] = ['openai', 'deepseek', 'qwen', 'moonshot', 'zhipu', 'openrouter', 'ollama', 'azure'];

/** What the CLI needs: where to listen, how to log, the outbound proxy, and the relay's options. */
export interface CliConfig {
  port: number;
  host: string;
  logFormat: LogFormat;
  /** --public: the operator means to serve without access tokens on a non-loopback address. */
  public: boolean;
  /** Explicit outbound proxy (--proxy); env proxies are read by the upstream fetch itself, with NO_PROXY. */
  proxy?: string;
  relay: RelayOptions;
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'token' }
  | { kind: 'serve'; config: CliConfig };

/** A wrong flag or value: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Kind =
  | 'port' | 'string' | 'url' | 'proxy' | 'provider' | 'list' | 'tokens' | 'count' | 'positive' | 'seconds' | 'bool'
  | 'log-format';

interface FlagSpec {
  name: string;
  short?: string;
  /** Placeholder for the value in --help; absent for boolean flags. */
  arg?: string;
  /** Environment variables read when the flag is absent (the first that is set wins). */
  env: readonly string[];
  kind: Kind;
  /** Given several times, the values add up (comma lists also split). */
  repeatable?: boolean;
  defaultText: string;
  help: string;
}

export const FLAGS: readonly FlagSpec[] = [
  { name: 'port', short: 'p', arg: 'N', env: ['PORT'], kind: 'port', defaultText: '8787', help: 'port to listen on (0 = any free port)' },
  { name: 'host', arg: 'HOST', env: ['HOST'], kind: 'string', defaultText: '127.0.0.1', help: 'address to listen on; 0.0.0.0 exposes it (needs --access-token or --public), or put nginx in front' },
  { name: 'upstream', arg: 'URL', env: ['OPENAI_BASE_URL'], kind: 'url', defaultText: "the provider's URL (openai: https://api.openai.com/v1)", help: 'upstream base URL ending in /v1' },
  { name: 'provider', arg: 'NAME', env: ['GPT_CHAT_PROVIDER'], kind: 'provider', defaultText: 'openai', help: `upstream preset (URL + auth style): ${PROVIDER_NAMES.join(', ')}` },
  { name: 'api-key', arg: 'KEY', env: ['OPENAI_API_KEY'], kind: 'list', defaultText: 'none: the built-in demo model', help: 'upstream key; several comma-separated keys are rotated, a key answering 401/429 rests a while' },
  {
    name: 'access-token', arg: 'T', env: ['GPT_CHAT_TOKENS'], kind: 'tokens', repeatable: true,
    defaultText: 'none (open on loopback only)',
    help: `repeatable or comma list, each ≥ ${MIN_TOKEN_LENGTH} characters (gpt-chat token prints one); ` +
      'clients must send Authorization: Bearer T',
  },
  {
    name: 'public', env: ['GPT_CHAT_PUBLIC'], kind: 'bool', defaultText: 'off',
    help: 'serve a non-loopback --host without access tokens (anyone who reaches it can spend your key)',
  },
  { name: 'allow-origin', arg: 'ORIGIN', env: ['GPT_CHAT_ORIGINS'], kind: 'list', repeatable: true, defaultText: 'own origin + http://localhost:*', help: 'repeatable or comma list; CORS allowlist, port wildcard like http://localhost:* allowed' },
  { name: 'page-relay', arg: 'ORIGIN', env: ['GPT_CHAT_PAGE_RELAYS'], kind: 'list', repeatable: true, defaultText: 'none (own origin only)', help: 'repeatable or comma list; other relays the page at / may connect to (CSP connect-src)' },
  { name: 'models', arg: 'A,B', env: ['GPT_CHAT_MODELS'], kind: 'list', defaultText: 'any', help: 'model allowlist; the first is the default when a request names none' },
  { name: 'max-tokens', arg: 'N', env: ['GPT_CHAT_MAX_TOKENS'], kind: 'positive', defaultText: 'no clamp', help: 'clamp max_tokens / max_completion_tokens' },
  {
    name: 'max-n', arg: 'N', env: ['GPT_CHAT_MAX_N'], kind: 'positive', defaultText: '1',
    help: 'largest n (choices per request) a client may ask for',
  },
  {
    name: 'allow-param', arg: 'NAME', env: ['GPT_CHAT_ALLOW_PARAMS'], kind: 'list', repeatable: true,
    defaultText: 'none',
    help: 'repeatable or comma list; lets through a request field refused by default (see "Request fields" below)',
  },
  { name: 'rate-limit', arg: 'N', env: ['GPT_CHAT_RATE_LIMIT'], kind: 'count', defaultText: '30', help: 'requests per minute per client IP (0 = off)' },
  { name: 'daily-quota', arg: 'N', env: ['GPT_CHAT_DAILY_QUOTA'], kind: 'count', defaultText: 'off', help: 'requests per day per client IP (0 = off)' },
  { name: 'trust-proxy', env: ['GPT_CHAT_TRUST_PROXY'], kind: 'bool', defaultText: 'off', help: 'take the client IP from X-Forwarded-For (only behind your own reverse proxy)' },
  { name: 'proxy', arg: 'URL', env: ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY'], kind: 'proxy', defaultText: 'none', help: 'outbound proxy to the upstream: http://host:port or socks5://host:port; NO_PROXY hosts go direct' },
  { name: 'heartbeat', arg: 'S', env: ['GPT_CHAT_HEARTBEAT'], kind: 'seconds', defaultText: '15', help: 'seconds of upstream silence before a ": ping" SSE comment' },
  { name: 'timeout', arg: 'S', env: ['GPT_CHAT_TIMEOUT'], kind: 'seconds', defaultText: '600', help: 'idle timeout on the upstream in seconds (reasoning models think for minutes)' },
  { name: 'send-timeout', arg: 'S', env: ['GPT_CHAT_SEND_TIMEOUT'], kind: 'seconds', defaultText: '60', help: 'seconds a client may read nothing while bytes wait for it; then its upstream request is aborted' },
  { name: 'body-limit', arg: 'BYTES', env: ['GPT_CHAT_BODY_LIMIT'], kind: 'positive', defaultText: '1048576 (1 MiB)', help: 'largest accepted request body' },
  { name: 'log-format', arg: 'FORMAT', env: ['GPT_CHAT_LOG_FORMAT'], kind: 'log-format', defaultText: 'text', help: 'request log on stdout: text, json (one JSON object per line) or off' },
];

const BY_NAME = new Map(FLAGS.map((flag) => [flag.name, flag]));
const BY_SHORT = new Map(FLAGS.filter((flag) => flag.short).map((flag) => [flag.short!, flag]));

function where(flag: FlagSpec, fromEnv: string | null): string {
  return fromEnv ?? `--${flag.name}`;
}

/** Converts one raw value; `source` is "--flag" or the env variable's name, for the error message. */
function convert(flag: FlagSpec, raw: string, source: string): unknown {
  const value = raw.trim();
  const fail = (expected: string): never => {
    throw new UsageError(`${source}: ${expected}`);
  };
  switch (flag.kind) {
    case 'port': {
      const port = Number(value);
      if (value === '' || !Number.isInteger(port) || port < 0 || port > 65535) fail('expected a port number 0-65535');
      return port;
    }
    case 'string':
      if (value === '') fail('expected a value');
      return value;
    case 'url': {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        fail('expected an absolute http(s) URL such as https://api.openai.com/v1');
      }
      if (url!.protocol !== 'http:' && url!.protocol !== 'https:') fail('expected an http(s) URL');
      if (url!.username || url!.password) fail('the URL must not carry credentials; use --api-key');
      return trimTrailingSlashes(value);
    }
    case 'proxy':
      try {
        parseProxyUrl(value, source);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      return value;
    case 'provider': {
      const name = value.toLowerCase();
      if (!(PROVIDER_NAMES as readonly string[]).includes(name)) fail(`expected one of ${PROVIDER_NAMES.join(', ')}`);
      return name;
    }
    case 'list':
    case 'tokens': {
      const items = splitList(value);
      if (items.length === 0) fail('expected a value');
      if (flag.kind === 'tokens' && items.some((item) => item.length < MIN_TOKEN_LENGTH)) {
        fail(`each access token must be at least ${MIN_TOKEN_LENGTH} characters (npx gpt-chat token prints one)`);
      }
      return items;
    }
    case 'count':
    case 'positive': {
      const n = Number(value);
      const min = flag.kind === 'count' ? 0 : 1;
      if (value === '' || !Number.isSafeInteger(n) || n < min) fail(`expected a whole number ≥ ${min}`);
      return n;
    }
    case 'seconds': {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n <= 0) fail('expected a number of seconds > 0');
      return n;
    }
    case 'bool': {
      const lower = value.toLowerCase();
      if (['', '1', 'true', 'yes', 'on'].includes(lower)) return true;
      if (['0', 'false', 'no', 'off'].includes(lower)) return false;
      return fail('expected true or false');
    }
    case 'log-format':
      if (value !== 'text' && value !== 'json' && value !== 'off') fail('expected text, json or off');
      return value;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Turns argv (without node and the script) and the environment into what to do. Throws UsageError. */
export function parseCli(argv: readonly string[], env: Env): CliCommand {
  if (argv[0] === 'token') {
    if (argv.length > 1) throw new UsageError('gpt-chat token takes no options');
    return { kind: 'token' };
  }
  const given = new Map<string, unknown>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '-h' || token === '--help') return { kind: 'help' };
    if (token === '-v' || token === '--version') return { kind: 'version' };
    let flag: FlagSpec | undefined;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
      if (name.startsWith('no-') && BY_NAME.get(name.slice(3))?.kind === 'bool' && inline === undefined) {
        given.set(name.slice(3), false);
        continue;
      }
      flag = BY_NAME.get(name);
      if (!flag) throw new UsageError(`unknown option --${name}`);
    } else if (/^-[a-zA-Z]$/.test(token)) {
      flag = BY_SHORT.get(token.slice(1));
      if (!flag) throw new UsageError(`unknown option ${token}`);
    } else {
      throw new UsageError(`unexpected argument "${token.length > 40 ? token.slice(0, 40) + '…' : token}" (options start with --)`);
    }
    let raw: string;
    if (flag.kind === 'bool') {
      raw = inline ?? '';
    } else if (inline !== undefined) {
      raw = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next))) {
        throw new UsageError(`--${flag.name} needs a value (${flag.arg})`);
      }
      raw = next;
      i++;
    }
    const value = convert(flag, raw, `--${flag.name}`);
    if (flag.repeatable && given.has(flag.name)) given.set(flag.name, [...(given.get(flag.name) as string[]), ...(value as string[])]);
    else given.set(flag.name, value); // a repeated single-value flag: the last one wins
  }

  const read = (name: string): unknown => {
    if (given.has(name)) return given.get(name);
    const flag = BY_NAME.get(name)!;
    for (const variable of flag.env) {
      const raw = env[variable];
      if (raw !== undefined && raw.trim() !== '') {
        // *_PROXY variables are read (with NO_PROXY) by the upstream fetch; only validated here.
        const value = convert(flag, raw, where(flag, variable));
        return flag.kind === 'proxy' ? undefined : value;
      }
    }
    return undefined;
  };

  const relay: RelayOptions = {
    upstream: read('upstream') as string | undefined,
    provider: read('provider') as ProviderName | undefined,
    apiKeys: read('api-key') as string[] | undefined,
    accessTokens: read('access-token') as string[] | undefined,
    allowOrigins: read('allow-origin') as string[] | undefined,
    pageRelays: read('page-relay') as string[] | undefined,
    models: read('models') as string[] | undefined,
    maxTokens: read('max-tokens') as number | undefined,
    maxN: read('max-n') as number | undefined,
    allowParams: read('allow-param') as string[] | undefined,
    rateLimit: read('rate-limit') as number | undefined,
    dailyQuota: read('daily-quota') as number | undefined,
    trustProxy: read('trust-proxy') as boolean | undefined,
    heartbeatSeconds: read('heartbeat') as number | undefined,
    timeoutSeconds: read('timeout') as number | undefined,
    sendTimeoutSeconds: read('send-timeout') as number | undefined,
    bodyLimit: read('body-limit') as number | undefined,
  };
  for (const key of Object.keys(relay) as Array<keyof RelayOptions>) {
    if (relay[key] === undefined) delete relay[key];
  }
  const config: CliConfig = {
    port: (read('port') as number | undefined) ?? 8787,
    host: (read('host') as string | undefined) ?? '127.0.0.1',
    logFormat: (read('log-format') as LogFormat | undefined) ?? 'text',
    public: (read('public') as boolean | undefined) ?? false,
    relay,
  };
  const proxy = read('proxy') as string | undefined;
  if (proxy !== undefined) config.proxy = proxy;
  return { kind: 'serve', config };
}

export function packageVersion(): string {
  // src/relay/node/flags.ts and dist/relay/node/flags.js are both three levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
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
    '',
    'Options (a flag wins over its environment variable):',
  ];
  for (const flag of FLAGS) {
    const short = flag.short ? `-${flag.short}, ` : '    ';
    const name = `${short}--${flag.name}${flag.arg ? ` ${flag.arg}` : ''}`;
    const env = flag.kind === 'proxy' ? `${flag.env.join(' / ')} (+ NO_PROXY)` : flag.env.join(' / ');
    lines.push(`  ${name.padEnd(28)}${flag.help}`);
    lines.push(`  ${''.padEnd(28)}env ${env}; default: ${flag.defaultText}`);
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
