// The kinds of value a setting holds, each with one parser used by every reader (CLI flags, the CLI's
// environment, the runtimes' environment). A parser throws Invalid; the reader words the message.
import { trimTrailingSlashes } from '../../shared/trim-slashes.js';
import { splitList } from '../../shared/split-list.js';
import { PROVIDER_NAMES } from './providers.js';

/**
 * A value a parser refused. `cli` follows the source name in the CLI's message (`--port: expected …`), `env` in
 * the runtimes' message (`GPT_CHAT_MAX_N must be …`). Neither echoes the value: it may be a key.
 */
export class Invalid extends Error {
  constructor(
    readonly cli: string,
    readonly env: string = cli,
  ) {
    super(cli);
  }
}

export type LogFormat = 'text' | 'json' | 'off';

/** Shorter access tokens are refused: they could be guessed (`npx gpt-chat token` prints a 256-bit one). */
export const MIN_TOKEN_LENGTH = 16;

const invalid = (cli: string, env?: string): never => {
  throw new Invalid(cli, env);
};

const wholeNumber =
  (min: 0 | 1) =>
  (value: string): number => {
    const n = Number(value);
    if (value === '' || !Number.isSafeInteger(n) || n < min) {
      invalid(`: expected a whole number ≥ ${min}`, ` must be a whole number ${min === 1 ? '> 0' : '≥ 0'}`);
    }
    return n;
  };

/** Value kinds by name; each parser gets the trimmed raw text. */
export const KINDS = {
  port(value: string): number {
    const port = Number(value);
    if (value === '' || !Number.isInteger(port) || port < 0 || port > 65535)
      invalid(': expected a port number 0-65535');
    return port;
  },
  string(value: string): string {
    if (value === '') invalid(': expected a value');
    return value;
  },
  url(value: string): string {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      invalid(
        ': expected an absolute http(s) URL such as https://api.openai.com/v1',
        ' must be an absolute http(s) URL',
      );
    }
    if (url!.protocol !== 'http:' && url!.protocol !== 'https:') {
      invalid(': expected an http(s) URL', ' must be an absolute http(s) URL');
    }
    if (url!.username || url!.password) {
      invalid(': the URL must not carry credentials; use --api-key', ' must not carry credentials; use OPENAI_API_KEY');
    }
    return trimTrailingSlashes(value);
  },
  /** Checked further by the Node CLI, the only reader that uses it (runtimes/node/upstream-fetch.ts). */
  proxy(value: string): string {
    if (value === '') invalid(': expected a value');
    return value;
  },
  provider(value: string): (typeof PROVIDER_NAMES)[number] {
    const name = value.toLowerCase();
    const names = PROVIDER_NAMES.join(', ');
    if (!(PROVIDER_NAMES as readonly string[]).includes(name))
      invalid(`: expected one of ${names}`, ` must be one of ${names}`);
    return name as (typeof PROVIDER_NAMES)[number];
  },
  /** Empty items dropped; an empty list is left to the reader (the CLI refuses it, the runtimes ignore it). */
  list(value: string): string[] {
    return splitList(value);
  },
  tokens(value: string): string[] {
    const items = splitList(value);
    if (items.some((item) => item.length < MIN_TOKEN_LENGTH)) {
      invalid(`: each token must be at least ${MIN_TOKEN_LENGTH} characters (npx gpt-chat token prints one)`);
    }
    return items;
  },
  count: wholeNumber(0),
  positive: wholeNumber(1),
  seconds(value: string): number {
    const n = Number(value);
    if (value === '' || !Number.isFinite(n) || n <= 0)
      invalid(': expected a number of seconds > 0', ' must be a number > 0');
    return n;
  },
  bool(value: string): boolean {
    const lower = value.toLowerCase();
    // '' is a bare flag (--trust-proxy); an empty environment variable never gets here (it counts as unset).
    if (['', '1', 'true', 'yes', 'on'].includes(lower)) return true;
    if (['0', 'false', 'no', 'off'].includes(lower)) return false;
    return invalid(': expected true or false', ' must be 1/true or 0/false');
  },
  logFormat(value: string): LogFormat {
    const lower = value.toLowerCase();
    if (lower !== 'text' && lower !== 'json' && lower !== 'off')
      invalid(': expected text, json or off', ' must be text, json or off');
    return lower as LogFormat;
  },
} as const;

export type KindName = keyof typeof KINDS;
export type KindValue<K extends KindName> = ReturnType<(typeof KINDS)[K]>;
