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

/** Extracts the token from `Authorization: Bearer <token>`; null when absent or another scheme. */
export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S.*?)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}

export type AccessCheck = (request: Request) => Response | null;

/** Builds the guard once; null tokens list → no guard. Returns a 401 Response or null when allowed. */
export function createAccessCheck(tokens: readonly string[] | undefined): AccessCheck | null {
  const expected = (tokens ?? []).filter((t) => t.length > 0).map((t) => encoder.encode(t));
  if (expected.length === 0) return null;
  return (request) => {
    const given = bearerToken(request.headers.get('authorization'));
    if (given === null) {
      return openaiError(401, 'Missing access token: send "Authorization: Bearer <token>".', 'authentication_error', 'missing_access_token', {
        'www-authenticate': 'Bearer',
      });
    }
    const bytes = encoder.encode(given);
    let ok = false;
    for (const token of expected) ok = constantTimeEqual(bytes, token) || ok;
    if (ok) return null;
    return openaiError(401, 'Invalid access token.', 'authentication_error', 'invalid_access_token', { 'www-authenticate': 'Bearer' });
  };
}
