// CORS guard. The allowlist decides which web pages may call the relay from a browser. A disallowed origin gets
// no CORS headers at all (so the browser withholds the answer) and a POST from it is refused with 403 before
// anything reaches the upstream, because a "simple" cross-site POST would otherwise still be executed.
import { openaiError } from '../errors.js';
import { trimTrailingSlashes } from '../../shared/trim-slashes.js';

/** The allowlist used when none is configured: the relay's own origin plus local development servers. */
export const DEFAULT_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*'];

export const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
export const ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match';
/** Headers a browser page may read: Retry-After lets the widget say when to try again. */
export const EXPOSED_HEADERS = 'Retry-After';

type OriginMatcher = (origin: string) => boolean;

/** A scheme, a 253-byte host name and a port fit with room to spare; a longer Origin is never allowed. */
export const MAX_ORIGIN_LENGTH = 512;
/** Longer Access-Control-Request-Headers lists are not echoed (a browser asks for a handful of names). */
export const MAX_REQUEST_HEADERS_LENGTH = 2048;

/** Lower case, no surrounding space, no trailing slashes; linear in the input. */
export function normalizeOrigin(origin: string): string {
  return trimTrailingSlashes(origin.trim().toLowerCase());
}

/** One allowlist entry → matcher. Supports exact origins, `*` (any), and a `:*` port wildcard. */
export function originMatcher(entry: string): OriginMatcher {
  const pattern = normalizeOrigin(entry);
  if (pattern === '*') return () => true;
  if (pattern.endsWith(':*')) {
    const prefix = pattern.slice(0, -1); // "http://localhost:"
    return (origin) =>
      origin === prefix.slice(0, -1) || (origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length)));
  }
  return (origin) => origin === pattern;
}

export interface CorsPolicy {
  /**
   * Whether a request's Origin may use the relay. `ownHost` is the relay's own host[:port] as the browser addressed
   * it (the Host header); it is compared by host only because behind a TLS-terminating proxy the relay sees http
   * while the page is https.
   */
  allows(origin: string, ownHost: string | null): boolean;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export function createCorsPolicy(allowOrigins: readonly string[] | undefined): CorsPolicy {
  const configured = allowOrigins && allowOrigins.length > 0;
  const matchers = (configured ? allowOrigins : DEFAULT_ORIGINS).map(originMatcher);
  return {
    allows(origin, ownHost) {
      if (origin.length > MAX_ORIGIN_LENGTH) return false;
      const o = normalizeOrigin(origin);
      if (ownHost && hostOf(o) === ownHost.toLowerCase()) return true;
      for (const m of matchers) if (m(o)) return true;
      return false;
    },
  };
}

/** Headers added to an actual (non-preflight) response for an allowed origin. */
export function corsResponseHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'Origin' };
}

/**
 * Adds the CORS headers to a response (copying it when its headers are immutable, e.g. a fetched Response).
 * `origin` null: a disallowed origin — only `Vary: Origin`, so a shared cache never hands this answer to another
 * origin.
 */
export function withCors(response: Response, origin: string | null): Response {
  const headers: Record<string, string> = origin === null ? { vary: 'Origin' } : corsResponseHeaders(origin);
  try {
    for (const [k, v] of Object.entries(headers)) {
      if (k === 'vary') response.headers.append(k, v);
      else response.headers.set(k, v);
    }
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v);
    return copy;
  }
}

const HEADER_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** The extra header names a preflight asks for: valid tokens only, none when the list is oversized. */
export function requestedHeaders(value: string | null): string[] {
  if (!value || value.length > MAX_REQUEST_HEADERS_LENGTH) return [];
  return value
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h && HEADER_TOKEN.test(h) && !/^(authorization|content-type)$/i.test(h));
}

/**
 * Answers an OPTIONS preflight. Allowed: 204 with methods/headers. Requested extra header names are echoed
 * (they are never forwarded upstream, so allowing them costs nothing and lets e.g. the openai SDK run in a page).
 */
export function preflightResponse(request: Request, allowed: boolean): Response {
  const origin = request.headers.get('origin');
  if (!origin || !allowed) {
    return openaiError(403, 'Origin not allowed.', 'permission_error', 'origin_not_allowed', { vary: 'Origin' });
  }
  const requested = requestedHeaders(request.headers.get('access-control-request-headers'));
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': [ALLOWED_HEADERS, ...requested].join(', '),
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Headers',
    },
  });
}

export function originForbidden(): Response {
  return openaiError(403, 'This origin is not allowed to use the relay.', 'permission_error', 'origin_not_allowed', {
    vary: 'Origin',
  });
}
