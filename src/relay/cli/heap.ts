// The CLI's V8 heap sizing, one flag set at start (V8 reads it each time it sizes the heap after a full GC, so
// setting it at run time works like the command line, on every platform, without re-executing node):
// a fixed heap growing factor of 1.1. Left to itself, V8 lets the old generation grow to a multiple of what was
// live after the last full GC — a factor it picks from its own speed measurements, up to 4 on machines with a
// large heap limit. A relay under streaming load promotes every open stream's state to the old generation (a
// stream lives for seconds) and it is all garbage once the stream ends, so that factor decides how much dead
// state piles up: with V8's own factor RSS climbed 1.18× between the first and the last 20 s of bench/load.mjs
// (1,000 streams; old space 37 → 74 MB in a minute). Measured on the final relay (2026-11-26):
//   factor 1.2: RSS last/first 20 s 1.10×, 1,000-stream peak (bench:relay) 132 MB;
//   factor 1.1: 1.066× and 1.101× (two runs), peak 134–138 MB;
//   1.2 plus compaction on every full GC: 1.026×, but the compaction's evacuation pushed the peak to 146–158 MB
//   (over the 150 MB budget) and full-GC pauses to 40–50 ms, so it is not used.
// An operator's own `node --heap-growing-percent=N …/gpt-chat` wins. Only the CLI does this (it owns its
// process); code that embeds createRelay() in its own server keeps that server's settings.
import { setFlagsFromString } from 'node:v8';

/** Old generation may grow to (1 + this / 100) × the live heap before V8 collects it. */
export const HEAP_GROWING_PERCENT = 10;

const CLI_HEAP_FLAGS: ReadonlyArray<{ flag: string; given: RegExp }> = [
  { flag: `--heap-growing-percent=${HEAP_GROWING_PERCENT}`, given: /^--heap[-_]growing[-_]percent(=|$)/ },
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
