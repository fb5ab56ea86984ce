// The CLI's V8 heap settings, flags set at start (V8 reads them at each collection, so setting them at run time
// works like the command line, on every platform, without re-executing node):
// - a fixed heap growing factor of 1.1. Left to itself, V8 lets the old generation grow to a multiple (up to 4) of
//   what was live after the last full GC; under streaming load every open stream's state is promoted and is garbage
//   once the stream ends, so that factor decides how much dead state piles up (figures: BENCHMARKS.md, "Why the
//   Node path looks as it does").
// - no allocation-site pretenuring. Streams that stay open teach V8 that the relay's per-request objects survive, so
//   it allocates them straight in old space; a short request's old (and soon dead) objects then keep everything
//   young they point to alive through every young-generation GC, so each request's whole graph got promoted
//   (~7 KB/request vs ~0.8 KB without; BENCHMARKS.md, "Issue 12").
// An operator's own `node --heap-growing-percent=N …/gpt-chat` (or `--allocation-site-pretenuring`) wins. Only the
// CLI does this (it owns its process); code that embeds createRelay() in its own server keeps that server's settings.
import { setFlagsFromString } from 'node:v8';

/** Old generation may grow to (1 + this / 100) × the live heap before V8 collects it. */
export const HEAP_GROWING_PERCENT = 10;

/** Objects are allocated young and promoted only if they survive, whatever V8 learnt about where they come from. */
export const NO_PRETENURING = '--no-allocation-site-pretenuring';

const CLI_HEAP_FLAGS: ReadonlyArray<{ flag: string; given: RegExp }> = [
  { flag: `--heap-growing-percent=${HEAP_GROWING_PERCENT}`, given: /^--heap[-_]growing[-_]percent(=|$)/ },
  { flag: NO_PRETENURING, given: /^--(no[-_]?)?allocation[-_]site[-_]pretenuring$/ },
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
