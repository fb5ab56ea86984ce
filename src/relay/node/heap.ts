// The CLI's V8 heap sizing. Left to itself, V8 lets the old generation grow to up to 4× what was live after the
// last full GC before it collects again (its "heap growing factor", 4 on machines with a large heap limit). A
// relay under streaming load promotes every open stream's state to the old generation (a stream lives for
// seconds), and all of it is garbage once the stream ends — with the socket buffers it holds, outside the V8
// heap. With 1,000 streams open that is ~35 MB live, so V8 waits until ~140 MB before collecting, and RSS climbs
// for minutes (bench/load.mjs: +18 % between the first and the last 20 s of a minute; BENCHMARKS.md, "Load").
// A fixed factor of 1.2 collects once garbage reaches a fifth of the live heap: RSS levels off within a stream's
// length, for ≈ 3 % more relay CPU in that bench. Only the CLI does this (it owns its process); code that embeds
// createRelay() in its own server keeps that server's settings.
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
