// The client IP used for rate limits and logs. X-Forwarded-For is only believed when the operator says a proxy
// in front sets it (trustProxy); otherwise any client could pick its own rate-limit bucket. Even then only the
// LAST hop is taken: that is the address the trusted proxy itself saw (nginx's $proxy_add_x_forwarded_for
// appends it), while every earlier entry was written by the client and could be anything.
import type { RelayOptions } from './options.js';

export function createClientIp(options: Pick<RelayOptions, 'clientIp' | 'trustProxy'>): (request: Request) => string {
  const { clientIp, trustProxy } = options;
  return (request) => {
    if (trustProxy) {
      const xff = request.headers.get('x-forwarded-for');
      const last = xff?.slice(xff.lastIndexOf(',') + 1).trim();
      if (last) return last;
    }
    // srvx (the server under h3) exposes the socket address as request.ip on Node, Deno and Bun.
    return clientIp?.(request) ?? (request as Request & { ip?: string }).ip ?? '-';
  };
}
