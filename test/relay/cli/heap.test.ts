// The CLI's heap settings (src/relay/cli/heap.ts): which flags it sets and when it leaves the operator's own;
// that each flag, set at run time, really changes the heap (real child processes under a churn of objects that
// live long enough to be promoted, like an open stream's state); and that the real CLI sets them before serving.
// No timing: counts of full GCs and heap sizes only.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapFlags, NO_PRETENURING } from '../../../src/relay/cli/heap.js';
import { cleanEnv, CLI, ensureRelayBuilt, ROOT } from '../_support/run-cli.js';

const BUILT_HEAP = pathToFileURL(join(ROOT, 'dist/relay/cli/heap.js')).href;
let dir: string;

beforeAll(() => {
  ensureRelayBuilt();
  dir = mkdtempSync(join(tmpdir(), 'gpt-chat-heap-'));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GROWING = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;

describe('heapFlags', () => {
  it('asks for a fixed growing factor and no pretenuring by default', () => {
    expect(heapFlags([])).toEqual([GROWING, NO_PRETENURING]);
    expect(heapFlags(['--max-old-space-size=512', '--enable-source-maps'])).toEqual([GROWING, NO_PRETENURING]);
  });

  it("leaves the operator's own choice alone, in either spelling", () => {
    expect(heapFlags(['--heap-growing-percent=50'])).toEqual([NO_PRETENURING]);
    expect(heapFlags(['--heap_growing_percent=50'])).toEqual([NO_PRETENURING]);
    expect(heapFlags(['--heap-growing-percent', '50'])).toEqual([NO_PRETENURING]);
    expect(heapFlags(['--heap-growing-percentage=5'])).toEqual([GROWING, NO_PRETENURING]);
    expect(heapFlags(['--allocation-site-pretenuring'])).toEqual([GROWING]);
    expect(heapFlags(['--no-allocation-site-pretenuring'])).toEqual([GROWING]);
    expect(heapFlags(['--noallocation_site_pretenuring'])).toEqual([GROWING]);
    expect(heapFlags(['--allocation-site-pretenuring-x'])).toEqual([GROWING, NO_PRETENURING]);
  });
});

interface ChurnResult {
  fullGcs: number;
  peakOldSpaceMB: number;
  meanOldSpaceMB: number;
  flags: string[];
}

/**
 * A child process allocating like a relay with many open streams: each batch of small objects stays reachable for
 * 60 rounds (so it survives scavenges and is promoted), then becomes garbage; with `mixed`, one object in ten
 * lives ten times longer (streams end at different times), which leaves survivors scattered over old-space pages.
 * `execArgv` are node flags of the child (the operator's choice); `tuned` applies the CLI's settings on top.
 * Synchronous, so the result does not depend on how busy the machine is.
 */
function churn(tuned: boolean, { mixed = false, execArgv = [] as string[] } = {}): Promise<ChurnResult> {
  const script = `
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    import v8 from 'node:v8';
    const { tuneHeapForStreaming } = await import(${JSON.stringify(BUILT_HEAP)});
    const flags = ${tuned} ? tuneHeapForStreaming() : [];
    let fullGcs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullGcs++;
    }).observe({ entryTypes: ['gc'] });
    const ring = new Array(60).fill(null);
    const longRing = new Array(600).fill(null);
    let peak = 0;
    let sum = 0;
    let samples = 0;
    const rounds = ${mixed ? 4000 : 3000};
    for (let round = 0; round < rounds; round++) {
      const batch = [];
      const keep = [];
      for (let i = 0; i < 2000; i++) {
        const state = { id: i, parts: [i, i + 1, i + 2], name: 'stream-' + i };
        batch.push(state);
        if (${mixed} && i % 10 === 0) keep.push(state);
      }
      ring[round % ring.length] = batch;
      longRing[round % longRing.length] = keep;
      if (round % 20 === 0) {
        const size = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_size;
        peak = Math.max(peak, size);
        if (round >= rounds / 4) {
          sum += size;
          samples++;
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // GC entries are delivered asynchronously
    process.stdout.write(JSON.stringify({ fullGcs, peakOldSpaceMB: peak / 1048576, meanOldSpaceMB: sum / samples / 1048576, flags }));
  `;
  const file = join(dir, `churn-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, file], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as ChurnResult) : reject(new Error(`churn exited ${code}: ${err}`)),
    );
  });
}

describe('tuneHeapForStreaming', () => {
  it('the growing factor, set at run time, makes V8 collect promoted garbage sooner and keep a smaller old space', async () => {
    const untouched = await churn(false);
    const tuned = await churn(true);
    expect(tuned.flags).toEqual([GROWING, NO_PRETENURING]);
    expect(untouched.flags).toEqual([]);
    // Same work, same live set: the tuned process collects more often and its old space stays smaller.
    expect(tuned.fullGcs).toBeGreaterThan(untouched.fullGcs);
    expect(tuned.peakOldSpaceMB).toBeLessThan(untouched.peakOldSpaceMB);
  }, 120_000);
});

describe('the CLI', () => {
  /**
   * Starts the built CLI with `nodeArgs`, a preload that logs every v8.setFlagsFromString call, and stops it once
   * it listens.
   */
  function flagsSetByCli(nodeArgs: string[]): Promise<string[]> {
    const preload = join(dir, 'log-v8-flags.cjs');
    writeFileSync(
      preload,
      `const v8 = require('node:v8');
       const set = v8.setFlagsFromString;
       v8.setFlagsFromString = (flags) => { process.stderr.write('[v8 flags] ' + flags + '\\n'); return set(flags); };
       require('node:module').syncBuiltinESMExports();`,
    );
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...nodeArgs, '--require', preload, CLI, '--port', '0'], {
        env: cleanEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`CLI did not start within 20 s: ${err}`));
      }, 20_000);
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        err += chunk;
        if (err.includes('listening on')) child.kill('SIGTERM');
      });
      child.on('close', () => {
        clearTimeout(timer);
        if (!err.includes('listening on')) reject(new Error(`CLI exited before listening: ${err}`));
        else resolve([...err.matchAll(/^\[v8 flags\] (.*)$/gm)].map((match) => match[1]!));
      });
    });
  }

  it('sets its heap flags before it serves', async () => {
    expect(await flagsSetByCli([])).toEqual([GROWING, NO_PRETENURING]);
  }, 30_000);

  it("keeps the operator's own node --heap-growing-percent", async () => {
    expect(await flagsSetByCli(['--heap-growing-percent=50'])).toEqual([NO_PRETENURING]);
  }, 30_000);

  it("keeps the operator's own node --allocation-site-pretenuring", async () => {
    expect(await flagsSetByCli(['--allocation-site-pretenuring'])).toEqual([GROWING]);
  }, 30_000);
});
