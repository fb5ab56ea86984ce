// Talking to the upstream: the request the relay builds (its own headers only), and turning whatever the upstream
// answers on failure (OpenAI JSON, another provider's JSON, an HTML error page) into an OpenAI-shaped error.
import { authHeader, upstreamURL, type UpstreamTarget } from '../settings/providers.js';
import { errorBody, errorCodeFor, errorTypeFor } from '../errors.js';
import type { ErrorBody } from '../../shared/openai.js';
import { createRedactor, REDACTED, type Redactor } from '../exchange/redact.js';
import { MAX_RETRY_AFTER_LENGTH } from './keys.js';

/**
 * Headers for an upstream call: content negotiation plus the relay's own auth, nothing from the client.
 * `accept-encoding: identity` keeps the stream uncompressed so bytes pass through as they arrive.
 */
export function upstreamHeaders(
  target: UpstreamTarget,
  key: string | null,
  accept: string,
  withBody: boolean,
): Record<string, string> {
  // A plain record (a valid HeadersInit): cheaper than a Headers object, which the fetch would copy anyway.
  const headers: Record<string, string> = { accept, 'accept-encoding': 'identity' };
  if (withBody) headers['content-type'] = 'application/json';
  const auth = authHeader(target, key);
  if (auth) headers[auth[0].toLowerCase()] = auth[1];
  return headers;
}

export function chatCompletionsURL(target: UpstreamTarget): string {
  return upstreamURL(target, '/chat/completions');
}

export function modelsURL(target: UpstreamTarget): string {
  return upstreamURL(target, '/models');
}

const ERROR_BODY_LIMIT = 64 * 1024;

/** Reads at most ERROR_BODY_LIMIT bytes of an error body (an upstream may send a huge HTML page). */
export async function readCapped(response: Response, limit = ERROR_BODY_LIMIT): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    text += decoder.decode(value, { stream: true });
    if (total >= limit) {
      reader.cancel().catch(() => {});
      break;
    }
  }
  return text + decoder.decode();
}

/** Masked or partial keys in the common sk- format (OpenAI echoes "sk-proj-****abcd"); linear, no backtracking. */
const MASKED_KEY = /\bsk-[A-Za-z0-9*_.-]{6,}/g;

function redactorOf(secrets: Redactor | readonly string[]): Redactor {
  return 'stream' in secrets ? secrets : createRedactor(secrets);
}

/** Keeps the configured secrets, and anything that looks like an API key, out of a message relayed to the client. */
export function redactSecrets(message: string, secrets: Redactor | readonly string[]): string {
  return redactorOf(secrets).text(message).replace(MASKED_KEY, REDACTED);
}

function isOpenAIShaped(value: unknown): value is ErrorBody {
  const error = (value as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

const TITLE_MAX = 200;

/**
 * The text of the first `<title …>text</title>` (1–200 characters without `<`), as `/<title[^>]*>([^<]{1,200})
 * <\/title>/i` would find it, but in one pass: that regex rescans to the next `>` from every `<title`.
 */
export function htmlTitle(text: string): string | null {
  const open = /<title/gi;
  while (open.exec(text) !== null) {
    const close = text.indexOf('>', open.lastIndex);
    // No `>` after this `<title` means none after any later one either.
    if (close === -1) return null;
    let end = close + 1;
    while (end < text.length && end - close - 1 <= TITLE_MAX && text.charCodeAt(end) !== 0x3c) end++;
    const length = end - close - 1;
    const closed = text.slice(end, end + 8).toLowerCase() === '</title>';
    if (length >= 1 && length <= TITLE_MAX && closed) return text.slice(close + 1, end).trim();
    // Every `<title` before `close` shares this `>` and fails the same way: go on after it.
    open.lastIndex = close + 1;
  }
  return null;
}

/**
 * An upstream refusing the relay's own key (401): the relay owner's problem, not the client's. A 403 is left as the
 * provider said it: it also means "not from this country or region" (OpenAI), which a rejected key would misname.
 */
const isKeyRejection = (status: number) => status === 401;

/**
 * The status the client sees for an upstream failure. A rejected relay key becomes 502: a 401 would tell the client
 * to send other credentials (the relay's own access-token answer), which cannot help.
 */
export function clientStatusFor(upstreamStatus: number): number {
  return isKeyRejection(upstreamStatus) ? 502 : upstreamStatus;
}

/** The body for a rejected relay key, keeping the provider's (redacted) words for the owner. */
function keyRejectedBody(status: number, reason: string | null): string {
  const said = reason ? ` Provider said (HTTP ${status}): ${reason.slice(0, 300)}` : ` (HTTP ${status})`;
  const message = `The provider rejected this relay's API key; the relay's owner must fix it.${said}`;
  return JSON.stringify(errorBody(502, message, 'upstream_error', 'upstream_auth_failed'));
}

/**
 * The client-facing error body for an upstream failure status. An OpenAI-shaped JSON body passes through as-is
 * (with every secret redacted, in any field); other JSON shapes and non-JSON (HTML) become `{"error":{...}}`.
 * A 401 (the relay's key refused) always becomes `upstream_auth_failed`, whatever the provider's shape.
 */
export function normalizeUpstreamError(status: number, raw: string, secrets: Redactor | readonly string[]): string {
  // Redacted before parsing, so no field of any shape can carry a secret ("[redacted]" keeps JSON strings valid).
  const redactor = redactorOf(secrets);
  const text = redactor.text(raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isKeyRejection(status)) {
    const reason = isOpenAIShaped(parsed) ? parsed.error.message : htmlTitle(text);
    return keyRejectedBody(status, reason === null ? null : redactSecrets(reason, redactor));
  }
  if (isOpenAIShaped(parsed)) {
    const redacted = redactSecrets(parsed.error.message, redactor);
    if (redacted === parsed.error.message) return text;
    parsed.error.message = redacted;
    return JSON.stringify(parsed);
  }
  let message: string | null = null;
  let code: string | null = null;
  if (parsed && typeof parsed === 'object') {
    const p = parsed as Record<string, unknown>;
    if (typeof p.error === 'string') message = p.error;
    else if (typeof p.message === 'string') message = p.message;
    else if (typeof p.detail === 'string') message = p.detail;
    if (typeof p.code === 'string' || typeof p.code === 'number') code = String(p.code);
  }
  if (message === null) {
    const title = htmlTitle(text);
    message = `Upstream answered HTTP ${status}${title ? ` (${title})` : ''}.`;
  }
  const body = errorBody(status, redactSecrets(message, redactor), errorTypeFor(status), code ?? errorCodeFor(status));
  return JSON.stringify(body);
}

/** Headers of an upstream error the client needs: Retry-After for 429/503. */
export function passThroughErrorHeaders(response: Response): Record<string, string> {
  const retryAfter = response.headers.get('retry-after');
  return retryAfter && retryAfter.length <= MAX_RETRY_AFTER_LENGTH ? { 'retry-after': retryAfter } : {};
}

/** Short, secret-free description of a fetch failure for logs and messages. */
export function describeFetchError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code;
  if (code) return code;
  return (e?.message ?? String(error)).slice(0, 120);
}
