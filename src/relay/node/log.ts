// The request log of the Node CLI: one line per request on stdout, as text for people or JSON lines for log
// shippers. A RequestLog carries no key, token or message text by construction; as a second fence, any
// configured secret that still shows up in a free-text field (path, model, error) is replaced before writing.
// No input can start a line or fake a field: every control, separator, bidi or invisible character is written as
// a visible escape, and a text field that holds a space, quote, backslash or `=` is quoted.
import type { RequestLog } from '../options.js';

export type LogFormat = 'text' | 'json' | 'off';

export interface LoggerOptions {
  format: LogFormat;
  /** Keys and access tokens: never written, even if a field somehow contains one. */
  secrets?: readonly string[];
  /** Where lines go (default: process.stdout). */
  write?: (line: string) => void;
}

function redact(value: string, secrets: readonly string[]): string {
  let out = value;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Longer free-text fields are cut (after redaction, so no secret is cut in half and survives). */
export const MAX_LOG_FIELD = 1024;

function capped(value: string): string {
  return value.length > MAX_LOG_FIELD ? value.slice(0, MAX_LOG_FIELD) + '…' : value;
}

/**
 * Characters no log line shows raw: C0, DEL, C1 (NEL U+0085, CSI U+009B), soft hyphen, Arabic letter mark,
 * Unicode spaces, zero-width and direction marks, U+2028/U+2029, bidi embeddings, overrides and isolates,
 * invisible operators, BOM, interlinear annotations and lone surrogates. One character per match: linear.
 */
const UNSAFE_CHARS =
  '\\u0000-\\u001f\\u007f-\\u00a0\\u00ad\\u061c\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\ufeff\\ufff9-\\ufffb';
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSAFE = new RegExp(`[${UNSAFE_CHARS}]|${LONE_SURROGATE}`, 'g');
const TEXT_ESCAPED = new RegExp(`["\\\\${UNSAFE_CHARS}]|${LONE_SURROGATE}`, 'g');
const NEEDS_QUOTES = new RegExp(`[\\s"\\\\=${UNSAFE_CHARS}]|${LONE_SURROGATE}`);
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** `\n`, `\x1b`, `\u2028`: the escape a reader sees instead of the character. */
function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return SHORT[ch] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

/** `"…"` with `"`, `\` and every unsafe character escaped: one field, on one line, whatever the value. */
export function quoted(value: string): string {
  return `"${value.replace(TEXT_ESCAPED, visible)}"`;
}

/** One text-log field: as is when it is a plain token, else quoted (so `-` is never a value's own text). */
export function textField(value: string): string {
  return value !== '' && value !== '-' && !NEEDS_QUOTES.test(value) ? value : quoted(value);
}

/** JSON.stringify escapes C0 and lone surrogates; this also escapes the rest (U+2028/9 break some shippers). */
export function jsonSafe(line: string): string {
  return line.replace(UNSAFE, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value)}ms`);

/** `2026-01-01T00:00:00.000Z 203.0.113.9 POST /v1/chat/completions gpt-4o 200 ttfb=41ms 1830ms 5.2kB usage=12+345=357` */
export function formatTextLine(record: RequestLog): string {
  const usage = record.usage
    ? ` usage=${record.usage.prompt_tokens}+${record.usage.completion_tokens}=${record.usage.total_tokens}`
    : '';
  const error = record.error ? ` error=${quoted(record.error)}` : '';
  const ip = record.ip && record.ip !== '-' ? textField(record.ip) : '-';
  const model = record.model === null ? '-' : textField(record.model);
  return (
    `${record.time} ${ip} ${textField(record.method)} ${textField(record.path)} ${model} ${record.status}` +
    ` ttfb=${ms(record.ttfbMs)} ${ms(record.durationMs)} ${formatBytes(record.bytes)}${usage}${error}`
  );
}

/** Only the documented fields, in a fixed order, so nothing extra a future RequestLog carries leaks by accident. */
export function formatJsonLine(record: RequestLog): string {
  return jsonSafe(JSON.stringify({
    time: record.time,
    ip: record.ip,
    method: record.method,
    path: record.path,
    model: record.model,
    status: record.status,
    ttfb_ms: record.ttfbMs === null ? null : Math.round(record.ttfbMs * 10) / 10,
    duration_ms: Math.round(record.durationMs * 10) / 10,
    bytes: record.bytes,
    usage: record.usage
      ? {
          prompt_tokens: record.usage.prompt_tokens,
          completion_tokens: record.usage.completion_tokens,
          total_tokens: record.usage.total_tokens,
        }
      : null,
    ...(record.error ? { error: record.error } : {}),
  }));
}

export function createLogger(options: LoggerOptions): ((record: RequestLog) => void) | undefined {
  if (options.format === 'off') return undefined;
  const secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const format = options.format === 'json' ? formatJsonLine : formatTextLine;
  return (record) => {
    const clean: RequestLog = {
      ...record,
      ip: capped(record.ip),
      path: capped(redact(record.path, secrets)),
      model: record.model === null ? null : capped(redact(record.model, secrets)),
      ...(record.error ? { error: capped(redact(record.error, secrets)) } : {}),
    };
    write(format(clean) + '\n');
  };
}
