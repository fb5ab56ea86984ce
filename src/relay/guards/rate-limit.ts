// Per-client-IP request limits: a per-minute rate and an optional daily quota, counted in a CounterStore.
// Over either limit → 429 with Retry-After (seconds until the window resets), before the upstream is called.
// The minute is counted in two fixed windows half a minute apart: a burst that straddles one window's edge fills
// the other, so no run of requests within 30 s gets past the limit (one fixed window lets 2× through at its edge).
import type { CounterStore } from '../settings/options.js';
import { openaiError } from '../errors.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const HALF_MINUTE_MS = 30_000;

export interface RateLimitOptions {
  perMinute: number; // 0 = off
  perDay: number; // 0 = off
  store: CounterStore;
  now: () => number;
}

export type RateLimit = (ip: string) => Promise<Response | null>;

function retryAfterSeconds(resetAt: number, now: number): string {
  return String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
}

export function createRateLimit(options: RateLimitOptions): RateLimit | null {
  const { perMinute, perDay, store, now } = options;
  if (!(perMinute > 0) && !(perDay > 0)) return null;
  return async (ip) => {
    const t = now();
    if (perMinute > 0) {
      const [a, b] = await Promise.all([
        store.hit(`rpm:${ip}`, MINUTE_MS, t),
        store.hit(`rpm-half:${ip}`, MINUTE_MS, t + HALF_MINUTE_MS),
      ]);
      if (a.count > perMinute || b.count > perMinute) {
        // Allowed again once every window that is over the limit has reset.
        const resetAt = Math.max(
          a.count > perMinute ? a.resetAt : 0,
          b.count > perMinute ? b.resetAt - HALF_MINUTE_MS : 0,
        );
        return openaiError(
          429,
          `Rate limit reached: ${perMinute} requests per minute. Try again shortly.`,
          'rate_limit_error',
          'rate_limit_exceeded',
          {
            'retry-after': retryAfterSeconds(resetAt, t),
          },
        );
      }
    }
    if (perDay > 0) {
      const { count, resetAt } = await store.hit(`day:${ip}`, DAY_MS, t);
      if (count > perDay) {
        return openaiError(
          429,
          `Daily quota reached: ${perDay} requests per day.`,
          'rate_limit_error',
          'daily_quota_exceeded',
          {
            'retry-after': retryAfterSeconds(resetAt, t),
          },
        );
      }
    }
    return null;
  };
}
