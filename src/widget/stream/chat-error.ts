// The one error type the stream client throws, classified so the element can show a localized message
// and the right action (ask for the access code, wait and retry, retry now…).

export type ChatErrorKind =
  | 'auth' // 401: missing/wrong access token: ask the user for one
  | 'upstream-auth' // the provider refused the relay's own API key (code upstream_auth_failed): the owner's to fix
  | 'forbidden' // 403: origin not allowed, content refused
  | 'too-large' // 413: conversation / message too long
  | 'rate-limit' // 429: too many requests; wait retryAfterSeconds
  | 'quota' // 429 insufficient_quota: the provider's credit is used up (the owner's to fix)
  | 'server' // 500/503…: the relay failed
  | 'network' // fetch failed (offline, relay unreachable, CORS) or the stream was cut short
  | 'bad-request' // other 4xx (wrong endpoint → 404, invalid model → 400)
  | 'upstream' // the model provider failed: 502/504 or an error object inside the stream
  | 'no-images' // the model cannot read images (the provider refused an image_url part)
  | 'aborted'; // stop() / the AbortSignal

export interface ChatErrorInit {
  kind: ChatErrorKind;
  status?: number | null;
  code?: string | null;
  retryAfterSeconds?: number | null;
  cause?: unknown;
}

export class ChatError extends Error {
  override name = 'ChatError';
  /** HTTP status (or the status an in-stream error carried); null for network failures and aborts. */
  status: number | null;
  /** Machine-readable code from the error body (`error.code`), when there was one. */
  code: string | null;
  kind: ChatErrorKind;
  /** From Retry-After (429/503), when the server said. */
  retryAfterSeconds: number | null;

  constructor(message: string, init: ChatErrorInit = { kind: 'network' }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  /** Turns anything thrown while talking to the relay into a ChatError. */
  static classify(error: unknown, signal?: AbortSignal): ChatError {
    if (error instanceof ChatError) return error;
    if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
      return new ChatError('The request was stopped.', { kind: 'aborted', cause: error });
    }
    // fetch() rejects with a TypeError when the relay cannot be reached at all (DNS, refused, offline,
    // CORS): there is no status to show, only "cannot reach the server".
    if (error instanceof TypeError) {
      return new ChatError(error.message || 'Failed to fetch', {
        kind: 'network',
        code: 'relay_unreachable',
        cause: error,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ChatError(message, { kind: 'network', cause: error });
  }
}

/**
 * The kind for an error's `code` (and `type`, which OpenAI sets to the same word for a used-up quota), before its
 * status: the status says what failed, the code says whose fault it is. Null when the code decides nothing.
 */
export function kindForCode(code: string | null, type: string | null = null): ChatErrorKind | null {
  if (code === 'upstream_auth_failed') return 'upstream-auth';
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return 'quota';
  return null;
}

/** How providers say a model takes no images (OpenAI, Azure, DeepSeek, Qwen, GLM, Ollama, OpenRouter…). */
const NO_IMAGE_PHRASES = [
  'image_url is only supported',
  'does not support image',
  "doesn't support image",
  'unknown variant `image_url`',
  'image input is not supported',
  'image inputs are not supported',
  'does not support vision',
  'not a multimodal model',
  'no endpoints found that support image input',
];

/** 'no-images' when a provider's message says the model cannot read images, else null. */
export function kindForMessage(message: string): ChatErrorKind | null {
  const text = message.slice(0, 2000).toLowerCase();
  return NO_IMAGE_PHRASES.some((phrase) => text.includes(phrase)) ? 'no-images' : null;
}

/** The kind for an HTTP status. */
export function kindForStatus(status: number): ChatErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limit';
  if (status === 502 || status === 504 || status === 524 || status === 529) return 'upstream';
  if (status >= 500) return 'server';
  if (status === 408) return 'network';
  return 'bad-request';
}

/** An HTTP date is 29 characters: a longer Retry-After is not one, and is not worth parsing. */
const RETRY_AFTER_MAX = 64;

/** Seconds to wait from `Retry-After` (seconds or an HTTP date) or `retry-after-ms`; null if absent or oversized. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | null {
  const ms = headers.get('retry-after-ms');
  if (ms && ms.length <= RETRY_AFTER_MAX && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms) / 1000);
  const value = headers.get('retry-after')?.trim();
  if (!value || value.length > RETRY_AFTER_MAX) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Builds the error for a non-stream (or non-OK) HTTP response from its JSON or text body. */
export function errorFromResponse(status: number, headers: Headers, bodyText: string): ChatError {
  let code: string | null = null;
  let type: string | null = null;
  let message = '';
  let inner: unknown;
  try {
    const body = JSON.parse(bodyText) as Record<string, unknown>;
    inner = body.error ?? body;
  } catch {
    inner = undefined;
  }
  if (typeof inner === 'string') message = inner;
  else if (inner && typeof inner === 'object') {
    const e = inner as Record<string, unknown>;
    if (typeof e.message === 'string') message = e.message;
    if (e.code !== undefined && e.code !== null) code = String(e.code);
    if (typeof e.type === 'string') type = e.type;
  }
  if (!message) {
    // An HTML error page from a proxy: show its status, not its markup.
    const text = bodyText.trim();
    message = text && !text.startsWith('<') ? text.slice(0, 300) : `HTTP ${status}`;
  }
  return new ChatError(message, {
    kind:
      kindForCode(code, type) ??
      (status < 500 ? kindForMessage(message) : null) ??
      (status >= 200 && status < 300 ? 'bad-request' : kindForStatus(status)),
    status,
    code,
    retryAfterSeconds: parseRetryAfter(headers),
  });
}
