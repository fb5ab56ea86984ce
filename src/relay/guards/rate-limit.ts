// Per-client-IP request limits: a per-minute rate and an optional daily quota, counted in a CounterStore.
// Over either limit → 429 with Retry-After (seconds until the window resets), before the upstream is called.
import type { CounterStore } from '../settings/options.js';
import { openaiError } from '../errors.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

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
      const { count, resetAt } = await store.hit(`rpm:${ip}`, MINUTE_MS, t);
      if (count > perMinute) {
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
