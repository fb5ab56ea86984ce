// The CLI's V8 heap sizing, two flags set at start (V8 reads both each time it collects, so setting them at run
// time works like the command line, on every platform, without re-executing node):
// - A fixed heap growing factor of 1.2. Left to itself, V8 lets the old generation grow to a multiple of what was
//   live after the last full GC — a factor it picks from its own speed measurements, up to 4 on machines with a
//   large heap limit. A relay under streaming load promotes every open stream's state to the old generation (a
//   stream lives for seconds) and it is all garbage once the stream ends, so that factor decides how much dead
//   state piles up. Before the relay pooled its per-stream buffers, V8's own factor let RSS climb 1.18× between
//   the first and the last 20 s of bench/load.mjs (1,000 streams; old space 37 → 74 MB in a minute with no forced
//   GC); 1.2 held it to 1.09×. On the current relay V8's factor happens to stay low too; the fixed one makes that
//   a property of the relay rather than of V8's estimates on a given machine.
// - Compaction on every full GC. Streams end at different times, so the survivors of a full GC (the state of
//   streams still open) are scattered over pages that are otherwise empty; V8 normally moves only a few such
//   pages, keeps the rest committed, and the old space settles ~10 MB above what is live (RSS 1.085–1.10× between
//   the first and last 20 s). Compacting every time keeps it at the live size: 1.02–1.04×, RSS ~18 MB lower.
//   The price: a full GC pauses the relay longer (1,000 open streams, ~32 MB live: 40–50 ms instead of 5–13 ms,
//   one every ~5 s under that load; proportionally less with fewer streams) — a delay of that much on events in
//   flight, invisible in a chat stream. BENCHMARKS.md, "Load", has the runs.
// An operator's own choice wins: `node --heap-growing-percent=N` or `--no-compact-on-every-full-gc` before
// …/gpt-chat leaves that flag alone. Only the CLI does this (it owns its process); code that embeds createRelay()
// in its own server keeps that server's settings.
import { setFlagsFromString } from 'node:v8';

/** Old generation may grow to (1 + this / 100) × the live heap before V8 collects it. */
export const HEAP_GROWING_PERCENT = 20;

const CLI_HEAP_FLAGS: ReadonlyArray<{ flag: string; given: RegExp }> = [
  { flag: `--heap-growing-percent=${HEAP_GROWING_PERCENT}`, given: /^--heap[-_]growing[-_]percent(=|$)/ },
  { flag: '--compact-on-every-full-gc', given: /^--(no[-_])?compact[-_]on[-_]every[-_]full[-_]gc(=|$)/ },
];

/** The V8 flags the CLI sets at start: each one unless the operator's node command line already has it. */
export function heapFlags(execArgv: readonly string[]): string[] {
  return CLI_HEAP_FLAGS.filter(({ given }) => !execArgv.some((arg) => given.test(arg))).map(({ flag }) => flag);
}

/** Applies the CLI's heap settings to this process; returns the flags it set. */
export function tuneHeapForStreaming(execArgv: readonly string[] = process.execArgv): string[] {
  const flags = heapFlags(execArgv);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
