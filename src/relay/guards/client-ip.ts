// The client IP used for rate limits and logs. X-Forwarded-For is only believed when the operator says a proxy
// in front sets it (trustProxy); otherwise any client could pick its own rate-limit bucket. Even then only the
// LAST hop is taken: that is the address the trusted proxy itself saw (nginx's $proxy_add_x_forwarded_for
// appends it), while every earlier entry was written by the client and could be anything.
import type { RelayOptions } from '../settings/options.js';

/** An IPv6 address with a zone fits in 64 characters; a longer last hop is not an address a proxy wrote. */
export const MAX_IP_LENGTH = 64;

/** The last X-Forwarded-For entry, trimmed; null when absent, empty or oversized. Linear: one lastIndexOf. */
export function lastForwardedFor(value: string | null): string | null {
  if (!value) return null;
  const last = value.slice(value.lastIndexOf(',') + 1).trim();
  return last && last.length <= MAX_IP_LENGTH ? last : null;
}

export function createClientIp(options: Pick<RelayOptions, 'clientIp' | 'trustProxy'>): (request: Request) => string {
  const { clientIp, trustProxy } = options;
  return (request) => {
    if (trustProxy) {
      const last = lastForwardedFor(request.headers.get('x-forwarded-for'));
      if (last) return last;
    }
    // srvx (the server under h3) exposes the socket address as request.ip on Node, Deno and Bun.
    return clientIp?.(request) ?? (request as Request & { ip?: string }).ip ?? '-';
  };
}
