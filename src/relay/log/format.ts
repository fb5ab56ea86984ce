// The request log of the Node CLI: one line per request on stdout, as text for people or JSON lines for log
// shippers. A RequestLog carries no key, token or message text by construction; as a second fence, any
// configured secret that still shows up in a free-text field (path, model, error) is replaced before writing.
// No input can start a line or fake a field: every control, separator, bidi or invisible character is written as
// a visible escape, and a text field that holds a space, quote, backslash or `=` is quoted.
import type { RequestLog } from '../settings/options.js';
import type { LogFormat } from '../settings/values.js';
import { capped, jsonSafe, quoted, textField } from './escape.js';

export type { LogFormat };

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

function holdsSecret(value: string, secrets: readonly string[]): boolean {
  for (const secret of secrets) if (secret.length >= 4 && value.includes(secret)) return true;
  return false;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value)}ms`);

/**
 * One line per request:
 * `2026-01-01T00:00:00.000Z 203.0.113.9 POST /v1/chat/completions gpt-4o 200 ttfb=41ms 1830ms 5.2kB usage=12+345=357`
 */
export function formatTextLine(record: RequestLog): string {
  const usage = record.usage
    ? ` usage=${record.usage.prompt_tokens}+${record.usage.completion_tokens}=${record.usage.total_tokens}`
    : '';
  const error =
    (record.error ? ` error=${quoted(record.error)}` : '') +
    (record.token ? ` token=${textField(record.token)}` : '') +
    (record.tries ? ` tries=${quoted(record.tries)}` : '');
  const ip = record.ip && record.ip !== '-' ? textField(record.ip) : '-';
  const model = record.model === null ? '-' : textField(record.model);
  return (
    `${record.time} ${ip} ${textField(record.method)} ${textField(record.path)} ${model} ${record.status}` +
    ` ttfb=${ms(record.ttfbMs)} ${ms(record.durationMs)} ${formatBytes(record.bytes)}${usage}${error}`
  );
}

/** Only the documented fields, in a fixed order, so nothing extra a future RequestLog carries leaks by accident. */
export function formatJsonLine(record: RequestLog): string {
  return jsonSafe(
    JSON.stringify({
      time: record.time,
      ip: capped(record.ip),
      method: capped(record.method),
      path: capped(record.path),
      model: record.model === null ? null : capped(record.model),
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
      ...(record.error ? { error: capped(record.error) } : {}),
      ...(record.token ? { token: capped(record.token) } : {}),
      ...(record.tries ? { tries: capped(record.tries) } : {}),
    }),
  );
}

let stdoutWriter: ((line: string) => void) | undefined;

/**
 * Lines to stdout, gathered per event-loop turn: under load many requests end in one turn and share one write.
 * Flushed on exit too (stdout to a file or pipe is written synchronously on Linux, so nothing is lost there).
 */
function stdoutLines(): (line: string) => void {
  if (stdoutWriter) return stdoutWriter;
  let pending = '';
  const flush = () => {
    const out = pending;
    pending = '';
    if (out) process.stdout.write(out);
  };
  process.once('exit', flush);
  return (stdoutWriter = (line) => {
    if (pending === '') setImmediate(flush);
    pending += line;
  });
}

export function createLogger(options: LoggerOptions): ((record: RequestLog) => void) | undefined {
  if (options.format === 'off') return undefined;
  const secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  const write = options.write ?? stdoutLines();
  const format = options.format === 'json' ? formatJsonLine : formatTextLine;
  if (secrets.length === 0) return (record) => write(format(record) + '\n');
  return (record) => {
    // A copy only in the rare case a free-text field holds a secret.
    const dirty =
      holdsSecret(record.path, secrets) ||
      (record.model !== null && holdsSecret(record.model, secrets)) ||
      (record.error !== undefined && holdsSecret(record.error, secrets));
    const clean: RequestLog = dirty
      ? {
          ...record,
          path: redact(record.path, secrets),
          model: record.model === null ? null : redact(record.model, secrets),
          ...(record.error ? { error: redact(record.error, secrets) } : {}),
        }
      : record;
    write(format(clean) + '\n');
  };
}
