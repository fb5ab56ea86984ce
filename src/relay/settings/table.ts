// The relay's settings, one row each: the option it sets, its flag, its environment variables, its kind, its
// default and its one-line doc. The CLI's parser and --help, the runtimes' environment parser, resolveConfig's
// defaults and the README's table are all read from here, so a setting cannot exist in one and not another.
import type { RelayOptions } from './options.js';
import { PROVIDER_NAMES } from './providers.js';
import { MIN_TOKEN_LENGTH, type KindName, type KindValue } from './values.js';

/** Settings of the Node CLI alone (where it listens, how it logs); every other one is a RelayOptions field. */
export interface CliOnlySettings {
  port: number;
  host: string;
  /** The operator means to serve without access tokens on a non-loopback address. */
  public: boolean;
  /** Explicit outbound proxy; env proxies are read by the upstream fetch itself, with NO_PROXY. */
  proxy: string;
  logFormat: KindValue<'logFormat'>;
  /** The config file (settings/config-file.ts); flags and environment variables override it. */
  config: string;
  /** Where the sync records live (Node/Bun: files; Deno: a Deno KV database there). */
  syncDir: string;
}

export type SettingName = keyof CliOnlySettings | keyof RelayOptions;

export interface Setting<K extends KindName = KindName> {
  /** The RelayOptions (or CLI-only) field it sets. */
  name: SettingName;
  /** Long flag without the dashes. */
  flag: string;
  short?: string;
  /** Placeholder for the value in --help; absent for boolean flags. */
  arg?: string;
  /** Environment variables read when the flag is absent (the first that is set wins). */
  env: readonly string[];
  kind: K;
  /** Given several times, the values add up (comma lists also split). */
  repeatable?: boolean;
  /** The relay's own default when the setting is absent (none: the option is simply unset). */
  default?: KindValue<K>;
  /** How --help and the README show the default (else the default itself, or "none"). */
  defaultText?: string;
  /** One line for --help and the README. */
  doc: string;
  /**
   * Read by a runtime's entry itself (where to listen, how to log, whether to serve without tokens), not a
   * RelayOptions field; the others are read from the environment on every runtime (settings/env.ts).
   */
  entry?: true;
}

const row = <K extends KindName>(setting: Setting<K>): Setting => setting as unknown as Setting;

export const SETTINGS: readonly Setting[] = [
  row({
    name: 'config',
    flag: 'config',
    short: 'c',
    arg: 'FILE',
    env: ['GPT_CHAT_CONFIG'],
    kind: 'string',
    entry: true,
    defaultText: 'none',
    doc: 'JSON config file: every setting below by name, plus providers, fallbacks and tokens (SIGHUP re-reads it)',
  }),
  row({
    name: 'port',
    flag: 'port',
    short: 'p',
    arg: 'N',
    env: ['PORT'],
    kind: 'port',
    default: 8787,
    entry: true,
    doc: 'port to listen on (0 = any free port)',
  }),
  row({
    name: 'host',
    flag: 'host',
    arg: 'HOST',
    env: ['HOST'],
    kind: 'string',
    default: '127.0.0.1',
    entry: true,
    doc: 'address to listen on; 0.0.0.0 exposes it (needs --access-token or --public), or put nginx in front',
  }),
  row({
    name: 'upstream',
    flag: 'upstream',
    arg: 'URL',
    env: ['OPENAI_BASE_URL'],
    kind: 'url',
    defaultText: "the provider's URL (openai: https://api.openai.com/v1)",
    doc: 'upstream base URL ending in /v1',
  }),
  row({
    name: 'provider',
    flag: 'provider',
    arg: 'NAME',
    env: ['GPT_CHAT_PROVIDER'],
    kind: 'provider',
    default: 'openai',
    doc: `upstream preset (URL + auth style): ${PROVIDER_NAMES.join(', ')}`,
  }),
  row({
    name: 'apiKeys',
    flag: 'api-key',
    arg: 'KEY',
    env: ['OPENAI_API_KEY'],
    kind: 'list',
    defaultText: 'none: the built-in demo model',
    doc: 'upstream key; several comma-separated keys are rotated, a key answering 401/429 rests a while',
  }),
  row({
    name: 'accessTokens',
    flag: 'access-token',
    arg: 'T',
    env: ['GPT_CHAT_TOKENS'],
    kind: 'tokens',
    repeatable: true,
    defaultText: 'none (open on loopback only)',
    doc:
      `repeatable or comma list, each ≥ ${MIN_TOKEN_LENGTH} characters (gpt-chat token prints one); ` +
      'clients must send Authorization: Bearer T',
  }),
  row({
    name: 'public',
    flag: 'public',
    env: ['GPT_CHAT_PUBLIC'],
    kind: 'bool',
    default: false,
    defaultText: 'off',
    entry: true,
    doc: 'serve a non-loopback --host without access tokens (anyone who reaches it can spend your key)',
  }),
  row({
    name: 'allowOrigins',
    flag: 'allow-origin',
    arg: 'ORIGIN',
    env: ['GPT_CHAT_ORIGINS'],
    kind: 'list',
    repeatable: true,
    defaultText: 'own origin + http://localhost:*',
    doc: 'repeatable or comma list; CORS allowlist, port wildcard like http://localhost:* allowed',
  }),
  row({
    name: 'pageRelays',
    flag: 'page-relay',
    arg: 'ORIGIN',
    env: ['GPT_CHAT_PAGE_RELAYS'],
    kind: 'list',
    repeatable: true,
    defaultText: 'none (own origin only)',
    doc: 'repeatable or comma list; other relays the page at / may connect to (CSP connect-src)',
  }),
  row({
    name: 'models',
    flag: 'models',
    arg: 'A,B',
    env: ['GPT_CHAT_MODELS'],
    kind: 'list',
    defaultText: 'any',
    doc: 'model allowlist; the first is the default when a request names none',
  }),
  row({
    name: 'maxTokens',
    flag: 'max-tokens',
    arg: 'N',
    env: ['GPT_CHAT_MAX_TOKENS'],
    kind: 'positive',
    defaultText: 'no clamp',
    doc: 'clamp max_tokens / max_completion_tokens',
  }),
  row({
    name: 'maxN',
    flag: 'max-n',
    arg: 'N',
    env: ['GPT_CHAT_MAX_N'],
    kind: 'positive',
    default: 1,
    doc: 'largest n (choices per request) a client may ask for',
  }),
  row({
    name: 'allowParams',
    flag: 'allow-param',
    arg: 'NAME',
    env: ['GPT_CHAT_ALLOW_PARAMS'],
    kind: 'list',
    repeatable: true,
    doc: 'repeatable or comma list; lets through a request field refused by default (see "Request fields" below)',
  }),
  row({
    name: 'rateLimit',
    flag: 'rate-limit',
    arg: 'N',
    env: ['GPT_CHAT_RATE_LIMIT'],
    kind: 'count',
    default: 30,
    doc: 'requests per minute per client IP (0 = off)',
  }),
  row({
    name: 'dailyQuota',
    flag: 'daily-quota',
    arg: 'N',
    env: ['GPT_CHAT_DAILY_QUOTA'],
    kind: 'count',
    default: 0,
    defaultText: 'off',
    doc: 'requests per day per client IP (0 = off)',
  }),
  row({
    name: 'trustProxy',
    flag: 'trust-proxy',
    env: ['GPT_CHAT_TRUST_PROXY'],
    kind: 'bool',
    default: false,
    defaultText: 'off',
    doc: 'take the client IP from X-Forwarded-For (only behind your own reverse proxy)',
  }),
  row({
    name: 'proxy',
    flag: 'proxy',
    arg: 'URL',
    env: ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY'],
    kind: 'proxy',
    entry: true,
    doc: 'outbound proxy to the upstream: http://host:port or socks5://host:port; NO_PROXY hosts go direct',
  }),
  row({
    name: 'heartbeatSeconds',
    flag: 'heartbeat',
    arg: 'S',
    env: ['GPT_CHAT_HEARTBEAT'],
    kind: 'seconds',
    default: 15,
    doc: 'seconds of upstream silence before a ": ping" SSE comment',
  }),
  row({
    name: 'timeoutSeconds',
    flag: 'timeout',
    arg: 'S',
    env: ['GPT_CHAT_TIMEOUT'],
    kind: 'seconds',
    default: 600,
    doc: 'idle timeout on the upstream in seconds (reasoning models think for minutes)',
  }),
  row({
    name: 'fallbackTimeoutSeconds',
    flag: 'fallback-timeout',
    arg: 'S',
    env: ['GPT_CHAT_FALLBACK_TIMEOUT'],
    kind: 'seconds',
    default: 30,
    doc: 'seconds a model with a fallback (config file "fallbacks") may take to answer before the next one is tried',
  }),
  row({
    name: 'sendTimeoutSeconds',
    flag: 'send-timeout',
    arg: 'S',
    env: ['GPT_CHAT_SEND_TIMEOUT'],
    kind: 'seconds',
    default: 60,
    doc: 'seconds a client may read nothing while bytes wait for it; then its upstream request is aborted',
  }),
  row({
    name: 'bodyLimit',
    flag: 'body-limit',
    arg: 'BYTES',
    env: ['GPT_CHAT_BODY_LIMIT'],
    kind: 'positive',
    default: 8 * 1024 * 1024,
    defaultText: '8388608 (8 MiB)',
    doc: 'largest accepted request body (8 MiB fits four resized images)',
  }),
  row({
    name: 'logFormat',
    flag: 'log-format',
    arg: 'FORMAT',
    env: ['GPT_CHAT_LOG_FORMAT'],
    kind: 'logFormat',
    default: 'text',
    entry: true,
    doc: 'request log on stdout: text, json (one JSON object per line) or off',
  }),
  // Sync (issue 16): end-to-end encrypted records per access token.
  row({
    name: 'syncDir',
    flag: 'sync-dir',
    arg: 'DIR',
    env: ['GPT_CHAT_SYNC_DIR'],
    kind: 'string',
    entry: true,
    defaultText: 'off',
    doc: 'turns on /v1/sync: the page keeps its chats end-to-end encrypted here, one space per access token',
  }),
  row({
    name: 'syncQuota',
    flag: 'sync-quota',
    arg: 'BYTES',
    env: ['GPT_CHAT_SYNC_QUOTA'],
    kind: 'positive',
    default: 100 * 1024 * 1024,
    defaultText: '104857600 (100 MiB)',
    doc: 'largest sync space per access token; a fuller space refuses writes (507 sync_quota_exceeded)',
  }),
];

/** How --help and the README show a setting's default. */
export function defaultText(setting: Setting): string {
  if (setting.defaultText !== undefined) return setting.defaultText;
  return setting.default === undefined ? 'none' : String(setting.default);
}

/** The table's default for `name`; undefined for a setting without one. */
export function defaultOf(name: SettingName): unknown {
  return SETTINGS.find((setting) => setting.name === name)?.default;
}

/** The README's flag table, rendered from SETTINGS (test/relay/settings/readme.test.ts keeps them equal). */
export function settingsMarkdown(): string {
  const code = (text: string) => '`' + text + '`';
  const lines = ['| flag | env | default | meaning |', '|---|---|---|---|'];
  for (const setting of SETTINGS) {
    const flag = `${setting.short ? `-${setting.short}, ` : ''}--${setting.flag}${setting.arg ? ` ${setting.arg}` : ''}`;
    const env = setting.env.map(code).join(' / ') + (setting.kind === 'proxy' ? ', `NO_PROXY`' : '');
    lines.push(`| ${code(flag)} | ${env} | ${defaultText(setting)} | ${setting.doc.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n') + '\n';
}
