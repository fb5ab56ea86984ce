// Upstream key pool: round-robin over the configured keys; a key the upstream answers 401/429 for is benched
// (for Retry-After when given, else a default) so the next requests use the others.

export const DEFAULT_BENCH_MS = 60_000;

export interface KeyPool {
  readonly size: number;
  /** The next usable key, skipping benched ones and `exclude`; null when the pool is empty (or only `exclude` left). */
  next(now: number, exclude?: string): string | null;
  /** Takes a key out of rotation until now + ms. */
  bench(key: string, now: number, ms?: number): void;
  /** Whether another key than `key` is currently usable (so a retry is worth it). */
  hasAlternative(key: string, now: number): boolean;
}

export function createKeyPool(keys: readonly string[]): KeyPool {
  const list = [...new Set(keys.filter((k) => k.length > 0))];
  const benchedUntil = new Map<string, number>();
  let cursor = 0;
  const usable = (key: string, now: number) => (benchedUntil.get(key) ?? 0) <= now;
  return {
    size: list.length,
    next(now, exclude) {
      if (list.length === 0) return null;
      for (let i = 0; i < list.length; i++) {
        const key = list[(cursor + i) % list.length]!;
        if (key !== exclude && usable(key, now)) {
          cursor = (cursor + i + 1) % list.length;
          return key;
        }
      }
      // Every key is benched: use the one that recovers first rather than failing without asking the upstream.
      let best: string | null = null;
      for (const key of list) {
        if (key === exclude) continue;
        if (best === null || benchedUntil.get(key)! < benchedUntil.get(best)!) best = key;
      }
      return best;
    },
    bench(key, now, ms = DEFAULT_BENCH_MS) {
      benchedUntil.set(key, now + ms);
    },
    hasAlternative(key, now) {
      return list.some((k) => k !== key && usable(k, now));
    },
  };
}

/** An HTTP date is 29 characters; anything much longer is not a Retry-After value. */
export const MAX_RETRY_AFTER_LENGTH = 64;

/** Retry-After (delta-seconds or HTTP date) → ms; undefined when absent/invalid/oversized. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value || value.length > MAX_RETRY_AFTER_LENGTH) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
