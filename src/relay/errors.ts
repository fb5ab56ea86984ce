// OpenAI-shaped errors: every answer the relay makes on its own (guards, routing, upstream failures) uses the
// same `{"error":{"message","type","code"}}` body an OpenAI client already knows how to read.
import type { ErrorBody } from '../shared/openai.js';

/** The `type` OpenAI uses for a status, so clients that branch on it behave as they would against OpenAI. */
export function errorTypeFor(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status === 502 || status === 503) return 'upstream_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** A default machine-readable `code` for a status when the caller has nothing more specific. */
export function errorCodeFor(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request';
    case 401:
      return 'invalid_api_key';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 413:
      return 'request_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limit_exceeded';
    case 502:
      return 'bad_gateway';
    case 503:
      return 'service_unavailable';
    case 504:
      return 'upstream_timeout';
    default:
      return status >= 500 ? 'server_error' : 'error';
  }
}

export function errorBody(
  status: number,
  message: string,
  type?: string,
  code?: string | null,
  param?: string,
): ErrorBody {
  const error: ErrorBody['error'] = {
    message,
    type: type ?? errorTypeFor(status),
    code: code === undefined ? errorCodeFor(status) : code,
  };
  if (param !== undefined) error.param = param;
  return { error };
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A JSON error Response. `headers` adds e.g. Retry-After or Allow. */
export function openaiError(
  status: number,
  message: string,
  type?: string,
  code?: string | null,
  headers?: HeadersInit,
): Response {
  const h = new Headers(headers);
  h.set('content-type', JSON_CONTENT_TYPE);
  h.set('cache-control', 'no-store');
  return new Response(JSON.stringify(errorBody(status, message, type, code)), { status, headers: h });
}

/** The same error as one SSE event, for when a 200 event stream has already been committed. */
export function errorEvent(status: number, message: string, type?: string, code?: string | null): string {
  return `data: ${JSON.stringify(errorBody(status, message, type, code))}\n\n`;
}

/** A 400 about one request field, naming it in `param` as OpenAI does. */
export function paramError(param: string, message: string, code: string): Response {
  const headers = { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' };
  const body = JSON.stringify(errorBody(400, message, 'invalid_request_error', code, param));
  return new Response(body, { status: 400, headers });
}

export function methodNotAllowed(allow: readonly string[]): Response {
  return openaiError(405, `Method not allowed; use ${allow.join(', ')}.`, undefined, undefined, {
    allow: allow.join(', '),
  });
}

export function notFound(pathname: string): Response {
  return openaiError(404, `No route for ${pathname.slice(0, 200)}.`);
}
