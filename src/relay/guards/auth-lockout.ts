// Access-token lockout: wrong tokens are counted per client IP in the CounterStore (so Workers isolates share the
// count); after MAX_FAILURES within a minute the IP gets 429 for 60 s, doubling with each further lockout up to an
// hour. A request that sends no Authorization header is not a guess and is not counted.
import type { CounterStore } from '../settings/options.js';
import { openaiError } from '../errors.js';
import { createMemoryStore } from '../stores/memory.js';
import { HALF_MINUTE_MS, MINUTE_MS } from './rate-limit.js';

export const MAX_FAILURES = 10;
export const FIRST_LOCKOUT_MS = 60_000;
export const MAX_LOCKOUT_MS = 3_600_000;
/** How long the lockout level outlives its lockout: a client guessing every day stays at an hour. */
const LEVEL_MEMORY_MS = 86_400_000;

export interface AuthLockout {
  /** A 429 while `ip` is locked out (checked before the token is compared: a right one does not help), else null. */
  locked(ip: string): Promise<Response | null>;
  /** Counts one wrong token from `ip`; the MAX_FAILURES-th in a minute starts a lockout. */
  failed(ip: string): Promise<void>;
}

/** Lockout duration for the n-th lockout (1-based): 60 s, 120 s, 240 s … capped at an hour. */
export function lockoutMs(level: number): number {
  return Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** Math.min(Math.max(level - 1, 0), 16));
}

function tooManyFailures(seconds: number): Response {
  return openaiError(
    429,
    `Too many wrong access tokens from this address; try again in ${seconds} s.`,
    'rate_limit_error',
    'too_many_auth_failures',
    { 'retry-after': String(seconds) },
  );
}

export function createAuthLockout(store: CounterStore, now: () => number): AuthLockout {
  // A custom store without get/put still gets a lockout, kept in this process only.
  const kept = store.get && store.put ? store : createMemoryStore();
  return {
    async locked(ip) {
      const t = now();
      const until = await kept.get!(`auth-lock:${ip}`, t);
      return until !== undefined && until > t ? tooManyFailures(Math.max(1, Math.ceil((until - t) / 1000))) : null;
    },
    async failed(ip) {
      const t = now();
      // Two minute windows half a minute apart: a burst that straddles one window's edge fills the other.
      const [a, b] = await Promise.all([
        store.hit(`auth-fail:${ip}`, MINUTE_MS, t),
        store.hit(`auth-fail-half:${ip}`, MINUTE_MS, t + HALF_MINUTE_MS),
      ]);
      // Exactly at the limit: concurrent guesses past it start no second lockout.
      if (a.count !== MAX_FAILURES && b.count !== MAX_FAILURES) return;
      const lockedUntil = await kept.get!(`auth-lock:${ip}`, t);
      if (lockedUntil !== undefined && lockedUntil > t) return;
      const level = ((await kept.get!(`auth-level:${ip}`, t)) ?? 0) + 1;
      const until = t + lockoutMs(level);
      await kept.put!(`auth-lock:${ip}`, until, until, t);
      await kept.put!(`auth-level:${ip}`, level, until + LEVEL_MEMORY_MS, t);
    },
  };
}
