// Access-token guard: when tokens are configured, a client must send `Authorization: Bearer <token>`.
// The compare is constant-time in pure JS (no node:crypto) so it runs on every runtime, and every configured
// token is compared so the time does not reveal which one (if any) matched.
import { openaiError } from '../errors.js';

const encoder = new TextEncoder();

/** Compares two byte strings in time that depends only on their lengths, not on where they differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a[i % (a.length || 1)] ?? 0) ^ (b[i % (b.length || 1)] ?? 0);
  return diff === 0;
}

/** No access token is this long; a longer Authorization header is refused before any work on it. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

const isBlank = (code: number) => code === 0x20 || code === 0x09;
/** Line terminators: a token containing one is malformed. */
const isLineBreak = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;

/**
 * Extracts the token from `Authorization: Bearer <token>`; null when absent or another scheme. A scan, not a
 * regex: `^Bearer[ \t]+(\S.*?)[ \t]*$` retries the lazy group at every blank, quadratic in a run of them.
 */
export function bearerToken(header: string | null): string | null {
  if (!header || header.length < 8 || !isBlank(header.charCodeAt(6))) return null;
  if (header.slice(0, 6).toLowerCase() !== 'bearer') return null;
  let start = 7;
  while (start < header.length && isBlank(header.charCodeAt(start))) start++;
  let end = header.length;
  while (end > start && isBlank(header.charCodeAt(end - 1))) end--;
  if (start === end || /\s/.test(header[start]!)) return null;
  for (let i = start; i < end; i++) if (isLineBreak(header.charCodeAt(i))) return null;
  return header.slice(start, end);
}

export type AccessCheck = (request: Request) => Response | null;

/** Builds the guard once; null tokens list → no guard. Returns a 401 Response or null when allowed. */
export function createAccessCheck(tokens: readonly string[] | undefined): AccessCheck | null {
  const expected = (tokens ?? []).filter((t) => t.length > 0).map((t) => encoder.encode(t));
  if (expected.length === 0) return null;
  return (request) => {
    const header = request.headers.get('authorization');
    if (header !== null && header.length > MAX_AUTHORIZATION_LENGTH) return invalid();
    const given = bearerToken(header);
    if (given === null) {
      return openaiError(
        401,
        'Missing access token: send "Authorization: Bearer <token>".',
        'authentication_error',
        'missing_access_token',
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
    const bytes = encoder.encode(given);
    let ok = false;
    for (const token of expected) ok = constantTimeEqual(bytes, token) || ok;
    return ok ? null : invalid();
  };
}

function invalid(): Response {
  return openaiError(401, 'Invalid access token.', 'authentication_error', 'invalid_access_token', {
    'www-authenticate': 'Bearer',
  });
}
