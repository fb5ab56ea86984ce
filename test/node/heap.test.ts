// The CLI's heap sizing (src/relay/node/heap.ts): which flag it sets and when it leaves the operator's own; that
// the flag, set at run time, really changes how V8 sizes the heap (a real child process under a churn of
// objects that live long enough to be promoted, like an open stream's state); and that the real CLI sets it
// before serving. No timing: counts of full GCs and heap sizes only.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowingFlag } from '../../src/relay/node/heap.js';
import { cleanEnv, CLI, ensureRelayBuilt, ROOT } from '../cli/run-cli.js';

const BUILT_HEAP = pathToFileURL(join(ROOT, 'dist/relay/node/heap.js')).href;
let dir: string;

beforeAll(() => {
  ensureRelayBuilt();
  dir = mkdtempSync(join(tmpdir(), 'gpt-chat-heap-'));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('heapGrowingFlag', () => {
  it('asks for a fixed growing factor by default', () => {
    expect(heapGrowingFlag([])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowingFlag(['--max-old-space-size=512', '--enable-source-maps'])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it("leaves the operator's own growing factor alone, in either spelling", () => {
    expect(heapGrowingFlag(['--heap-growing-percent=50'])).toBeUndefined();
    expect(heapGrowingFlag(['--heap_growing_percent=50'])).toBeUndefined();
    expect(heapGrowingFlag(['--heap-growing-percent', '50'])).toBeUndefined();
    expect(heapGrowingFlag(['--heap-growing-percentage=5'])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });
});

interface ChurnResult {
  fullGcs: number;
  peakOldSpaceMB: number;
  flag: string | null;
}

/**
 * A child process allocating like a relay with many open streams: each batch of small objects stays reachable for
 * 60 rounds (so it survives scavenges and is promoted), then becomes garbage. Synchronous, so the result does not
 * depend on how busy the machine is.
 */
function churn(tuned: boolean): Promise<ChurnResult> {
  const script = `
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    import v8 from 'node:v8';
    const { tuneHeapForStreaming } = await import(${JSON.stringify(BUILT_HEAP)});
    const flag = ${tuned} ? tuneHeapForStreaming() : null;
    let fullGcs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullGcs++;
    }).observe({ entryTypes: ['gc'] });
    const ring = new Array(60).fill(null);
    let peak = 0;
    for (let round = 0; round < 3000; round++) {
      const batch = [];
      for (let i = 0; i < 2000; i++) batch.push({ id: i, parts: [i, i + 1, i + 2], name: 'stream-' + i });
      ring[round % ring.length] = batch;
      if (round % 20 === 0) {
        const old = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');
        peak = Math.max(peak, old.space_size);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // GC entries are delivered asynchronously
    process.stdout.write(JSON.stringify({ fullGcs, peakOldSpaceMB: peak / 1048576, flag }));
  `;
  const file = join(dir, `churn-${tuned ? 'tuned' : 'default'}.mjs`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChurnResult) : reject(new Error(`churn exited ${code}: ${err}`))));
  });
}

describe('tuneHeapForStreaming', () => {
  it('set at run time, makes V8 collect promoted garbage sooner and keep a smaller old space', async () => {
    const untouched = await churn(false);
    const tuned = await churn(true);
    expect(tuned.flag).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(untouched.flag).toBeNull();
    // Same work, same live set: the tuned process collects more often and its old space stays smaller.
    expect(tuned.fullGcs).toBeGreaterThan(untouched.fullGcs);
    expect(tuned.peakOldSpaceMB).toBeLessThan(untouched.peakOldSpaceMB);
  }, 120_000);
});

describe('the CLI', () => {
  /** Starts the built CLI with `nodeArgs`, a preload that logs every v8.setFlagsFromString call, and stops it once it listens. */
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
      const child = spawn(process.execPath, [...nodeArgs, '--require', preload, CLI, '--port', '0'], { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
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

  it('sets the growing factor before it serves', async () => {
    expect(await flagsSetByCli([])).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  }, 30_000);

  it("keeps the operator's own node --heap-growing-percent", async () => {
    expect(await flagsSetByCli(['--heap-growing-percent=50'])).toEqual([]);
  }, 30_000);
});
