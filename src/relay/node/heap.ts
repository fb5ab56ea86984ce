// The CLI's V8 heap sizing. Left to itself, V8 lets the old generation grow to a multiple of what was live after
// the last full GC before it collects again — a "heap growing factor" it picks from its own speed measurements,
// up to 4 on machines with a large heap limit. A relay under streaming load promotes every open stream's state to
// the old generation (a stream lives for seconds) and all of it is garbage once the stream ends, so how far V8
// lets that garbage pile up decides the RSS. Measured (bench/load.mjs, 1,000 streams; BENCHMARKS.md, "Load"):
// before the relay pooled its per-stream buffers, V8's own factor let RSS climb 1.18× between the first and the
// last 20 s of a minute (old space 37 → 74 MB in a minute with no forced GC); a fixed 1.2 held it to 1.09×. On
// the current relay V8's factor happens to stay low too, and the fixed one mainly trims the saw-tooth (3 min:
// RSS 148–156 MB vs 153–165 MB), at no CPU cost measurable on a shared 2-core machine. It makes the heap's size
// a property of the relay rather than of V8's speed estimates on a given machine. Only the CLI does this (it owns
// its process); code that embeds createRelay() in its own server keeps that server's settings.
import { setFlagsFromString } from 'node:v8';

/** Old generation may grow to (1 + this / 100) × the live heap before V8 collects it. */
export const HEAP_GROWING_PERCENT = 20;

const GROWING_FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * The V8 flag the CLI sets at start, or undefined when the operator already chose a growing factor
 * (`node --heap-growing-percent=N …/gpt-chat`): theirs wins.
 */
export function heapGrowingFlag(execArgv: readonly string[]): string | undefined {
  if (execArgv.some((arg) => GROWING_FLAG.test(arg))) return undefined;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/**
 * Applies the CLI's heap sizing to this process; returns the flag it set, if any. V8 reads this flag each time it
 * sizes the heap after a full GC, so setting it at run time has the same effect as on the command line (which
 * `npx gpt-chat` cannot pass on every platform without re-executing node).
 */
export function tuneHeapForStreaming(execArgv: readonly string[] = process.execArgv): string | undefined {
  const flag = heapGrowingFlag(execArgv);
  if (flag) setFlagsFromString(flag);
  return flag;
}
