// The read-modify-write of CounterStore.tally, shared by the memory store and the Durable Object (each runs it
// without interleaving: one thread, or the object's input gate).
import type { Tally, TallyResult } from '../settings/options.js';

/** `current` plus `deltas`, unless a limited field is already at or over its limit (admitted while under it). */
export function applyTally(current: Tally, deltas: Tally, limits: Tally | null): TallyResult {
  if (limits) {
    for (const field of Object.keys(limits)) {
      if ((current[field] ?? 0) >= limits[field]!) return { ok: false, values: current, over: field };
    }
  }
  const values: Tally = { ...current };
  for (const [field, delta] of Object.entries(deltas)) values[field] = (values[field] ?? 0) + delta;
  return { ok: true, values };
}
