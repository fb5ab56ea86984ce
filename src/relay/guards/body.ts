// Request body guard: JSON only, size-limited while reading (Content-Length is not trusted: it can be absent
// with chunked encoding, or lie), and shaped like a chat request (an object with a `messages` array).
import type { ChatCompletionRequest } from '../../shared/openai.js';
import { openaiError } from '../errors.js';
import { type ChunkSource, chunkSourceOf } from '../exchange/chunk-source.js';

/** Longer Content-Type values are not JSON ones (a charset parameter is a few bytes). */
export const MAX_CONTENT_TYPE_LENGTH = 256;

/** The media type of a Content-Type value, lower case, without parameters; '' when absent or oversized. */
export function mediaType(value: string | null): string {
  if (!value || value.length > MAX_CONTENT_TYPE_LENGTH) return '';
  const semicolon = value.indexOf(';');
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
}

/** A Content-Length to refuse early on: plain digits only (the limit is enforced while reading anyway). */
export function declaredLength(value: string | null): number | null {
  if (!value || value.length > 32) return null;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return null;
  }
  return Number(value);
}

/** 415 unless the Content-Type is application/json (parameters like charset allowed). */
export function checkJsonContentType(request: Request): Response | null {
  if (mediaType(request.headers.get('content-type')) === 'application/json') return null;
  return openaiError(415, 'Content-Type must be application/json.', 'invalid_request_error', 'unsupported_media_type');
}

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; response: Response };

/**
 * The rest of an over-size body is never read, so the connection cannot carry another request: `connection:
 * close` makes the server close it right after the answer (instead of holding it, full of unread upload, until
 * a timeout).
 */
function tooLarge(limit: number): BodyResult {
  return {
    ok: false,
    response: openaiError(
      413,
      `Request body is larger than ${limit} bytes.`,
      'invalid_request_error',
      'request_too_large',
      { connection: 'close' },
    ),
  };
}

export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/**
 * Reads the body up to `limit` bytes; stops reading (and cancels the stream) as soon as it goes over, or when the
 * whole body has not arrived within `timeoutMs` (a slow-loris client must not hold a request open forever).
 */
export function readLimitedBody(
  request: Request,
  limit: number,
  timeoutMs = DEFAULT_BODY_TIMEOUT_MS,
): BodyResult | Promise<BodyResult> {
  const declared = declaredLength(request.headers.get('content-length'));
  if (declared !== null && declared > limit) return tooLarge(limit);
  const source = chunkSourceOf(request);
  if (!source) return { ok: true, bytes: new Uint8Array(0) };
  // A small body has usually arrived whole with the headers: then no promise, timer or listener is needed.
  const complete = source.takeComplete?.();
  if (complete) return complete.byteLength > limit ? tooLarge(limit) : { ok: true, bytes: complete };
  return readStreamed(source, limit, timeoutMs);
}

async function readStreamed(source: ChunkSource, limit: number, timeoutMs: number): Promise<BodyResult> {
  const read = await new Promise<BodyResult | Uint8Array[]>((resolve) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let done = false;
    const finish = (result: BodyResult | Uint8Array[], cancel: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (cancel) source.cancel();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish(
          {
            ok: false,
            response: openaiError(
              408,
              `The request body did not arrive within ${Math.round(timeoutMs / 1000)} s.`,
              'invalid_request_error',
              'request_timeout',
              { connection: 'close' },
            ),
          },
          true,
        ),
      timeoutMs,
    );
    source.start({
      data(chunk) {
        if (done) return;
        total += chunk.byteLength;
        if (total > limit) finish(tooLarge(limit), true);
        else chunks.push(chunk);
      },
      end: () => finish(chunks, false),
      error: () =>
        finish(
          {
            ok: false,
            response: openaiError(400, 'Could not read the request body.', 'invalid_request_error', 'body_read_error'),
          },
          false,
        ),
    });
    source.resume();
  });
  if (!Array.isArray(read)) return read;
  if (read.length === 1) return { ok: true, bytes: read[0]! };
  const bytes = new Uint8Array(total(read));
  let offset = 0;
  for (const c of read) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { ok: true, bytes };
}

function total(chunks: Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  return n;
}

export type ChatBodyResult = { ok: true; body: ChatCompletionRequest } | { ok: false; response: Response };

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Parses bytes as a chat-completions request: valid UTF-8 JSON object with a `messages` array. */
export function parseChatBody(bytes: Uint8Array): ChatBodyResult {
  let value: unknown;
  try {
    value = JSON.parse(strictDecoder.decode(bytes));
  } catch {
    return {
      ok: false,
      response: openaiError(400, 'Request body is not valid JSON.', 'invalid_request_error', 'invalid_json'),
    };
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Array.isArray((value as { messages?: unknown }).messages)
  ) {
    return {
      ok: false,
      response: openaiError(
        400,
        'Request body must be a JSON object with a "messages" array.',
        'invalid_request_error',
        'invalid_request',
      ),
    };
  }
  return { ok: true, body: value as ChatCompletionRequest };
}

const parseRead = (read: BodyResult): ChatBodyResult => (read.ok ? parseChatBody(read.bytes) : read);

/** Content type, size limit and shape, in that order. Synchronous when the body had arrived whole. */
export function readChatBody(
  request: Request,
  limit: number,
  timeoutMs?: number,
): ChatBodyResult | Promise<ChatBodyResult> {
  const typeError = checkJsonContentType(request);
  if (typeError) return { ok: false, response: typeError };
  const read = readLimitedBody(request, limit, timeoutMs);
  return read instanceof Promise ? read.then(parseRead) : parseRead(read);
}
