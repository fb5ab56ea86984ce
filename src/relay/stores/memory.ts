// The default CounterStore: fixed windows in a Map, per process. Windows align to multiples of windowMs since the
// epoch, so a one-day window resets at 00:00 UTC. Expired entries are swept as the map grows, keeping memory bounded
// by the number of clients active within one window. Values kept with put() (the token lockout) expire the same way.
import type { CounterStore, Tally } from '../settings/options.js';
import { applyTally } from './tally.js';

export function createMemoryStore(): Required<CounterStore> {
  const counters = new Map<string, { count: number; resetAt: number }>();
  const values = new Map<string, { value: number; expiresAt: number }>();
  // Budgets and usage (guards/budget.ts): few keys (tokens × models × day/month), expired ones dropped when read.
  const tallies = new Map<string, { values: Tally; expiresAt: number }>();
  let nextSweep = 1024;
  let nextValueSweep = 1024;
  return {
    hit(key, windowMs, now) {
      const resetAt = Math.floor(now / windowMs) * windowMs + windowMs;
      const mapKey = `${windowMs}:${key}`;
      let entry = counters.get(mapKey);
      if (!entry || entry.resetAt !== resetAt) {
        entry = { count: 0, resetAt };
        counters.set(mapKey, entry);
        if (counters.size >= nextSweep) {
          for (const [k, e] of counters) if (e.resetAt <= now) counters.delete(k);
          nextSweep = Math.max(1024, counters.size * 2);
        }
      }
      entry.count++;
      return { count: entry.count, resetAt: entry.resetAt };
    },
    put(key, value, expiresAt, now) {
      values.set(key, { value, expiresAt });
      if (values.size >= nextValueSweep) {
        for (const [k, e] of values) if (e.expiresAt <= now) values.delete(k);
        nextValueSweep = Math.max(1024, values.size * 2);
      }
    },
    tally(key, deltas, limits, expiresAt, now) {
      const entry = tallies.get(key);
      const current = entry && entry.expiresAt > now ? entry.values : {};
      const result = applyTally(current, deltas, limits);
      if (result.ok) tallies.set(key, { values: result.values, expiresAt });
      return result;
    },
    scan(prefix, now) {
      const out: Array<{ key: string; values: Tally }> = [];
      for (const [key, entry] of tallies) {
        if (entry.expiresAt <= now) tallies.delete(key);
        else if (key.startsWith(prefix)) out.push({ key, values: { ...entry.values } });
      }
      return out;
    },
    get(key, now) {
      const entry = values.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt > now) return entry.value;
      values.delete(key);
      return undefined;
    },
  };
}
