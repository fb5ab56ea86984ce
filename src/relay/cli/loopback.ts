// Is a listening address loopback? The --host value is canonicalised the way the WHATWG URL parser does it, so
// every spelling of 127.0.0.0/8 (127.1, 0x7f.1, 2130706433), ::1 and IPv4-mapped ::ffff:127.x.y.z is recognised.
import { isIP } from 'node:net';

/** The URL-canonical host name: "127.0.0.2", "[::1]", "localhost"; null when it is not a valid host. */
export function canonicalHost(host: string): string | null {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1); // "localhost." is localhost
  try {
    return new URL(`http://${isIP(h) === 6 ? `[${h}]` : h}/`).hostname;
  } catch {
    return null;
  }
}

/** True for 127.0.0.0/8 in any IPv4 form, ::1, IPv4-mapped loopback and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = canonicalHost(host);
  if (h === null) return false;
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h === '[::1]') return true;
  // URL writes ::ffff:127.0.0.1 as [::ffff:7f00:1]: the mapped address's first 16-bit group is 0x7fXX.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(h);
}

/**
 * Host names a loopback relay answers to: the usual loopback names plus the listening address itself, as a browser
 * would write it in the Host header (DNS-rebinding guard, see guards/host.ts).
 */
export function loopbackHostNames(host: string): string[] {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const canonical = canonicalHost(host);
  if (canonical) names.add(canonical);
  return [...names];
}
