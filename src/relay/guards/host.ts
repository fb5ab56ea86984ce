// Host guard against DNS rebinding: a page on evil.example whose DNS is re-pointed at 127.0.0.1 talks to a local
// relay "same-origin" (Host: evil.example:8787), which the own-origin CORS rule would allow. With an allowlist of
// host names (the CLI can pass the loopback names when it binds to loopback), such requests are refused.
import { openaiError } from '../errors.js';

/** A DNS name is at most 253 bytes; with a port and brackets this is plenty. Longer → no host at all. */
export const MAX_HOST_LENGTH = 300;

/** Hostname (lower case, no port, IPv6 keeps its brackets) of a Host header value; '' when oversized. */
export function hostnameOf(host: string): string {
  if (host.length > MAX_HOST_LENGTH) return '';
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** The first entry of X-Forwarded-Host (the host the client asked the outermost proxy for); null when absent. */
export function firstForwardedHost(value: string | null): string | null {
  if (!value) return null;
  const comma = value.indexOf(',');
  const first = (comma === -1 ? value : value.slice(0, comma)).trim();
  return first && first.length <= MAX_HOST_LENGTH ? first : null;
}

export type HostCheck = (request: Request) => Response | null;

/**
 * `allowed` entries are host names ("localhost", "127.0.0.1", "[::1]", "chat.example.com") or ".example.com" for any
 * subdomain. Empty/undefined → no check.
 */
export function createHostCheck(allowed: readonly string[] | undefined): HostCheck | null {
  const names = (allowed ?? []).map((n) => n.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) return null;
  const exact = new Set(names.filter((n) => !n.startsWith('.')));
  const suffixes = names.filter((n) => n.startsWith('.'));
  return (request) => {
    const host = hostnameOf(request.headers.get('host') ?? '');
    if (exact.has(host) || suffixes.some((s) => host.endsWith(s) || host === s.slice(1))) return null;
    return openaiError(
      403,
      'This host name is not allowed to reach the relay.',
      'permission_error',
      'host_not_allowed',
    );
  };
}
