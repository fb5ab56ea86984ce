// `node bench/load.mjs` (part of `npm run bench`): 1,000 concurrent streams through the relay (the real CLI,
// dist/relay/cli/index.js) for 60 s against the fake upstream of bench:relay (its own process; streams of 200
// events, 50 ms apart = 10 s each). Every slot starts a new stream as soon as its last one ends, so 1,000 stay
// open for the whole window. Every stream is checked byte for byte (status 200, exact length, ends with
// [DONE]). The window starts after a warm-up of one stream's lifetime: all 1,000 replies flowing (not merely
// every request sent), then every slot has finished its first stream and started its next.
// The relay's RSS is sampled each second on a fixed grid: the mean of the first 20 s of the window is compared
// with the mean of the last 20 s. Each sample also records what the RSS is made of (the relay's
// process.memoryUsage() and V8 heap spaces via the inspector, RssAnon/RssFile from /proc), so growth can be
// pinned on the V8 heap, on memory outside it, or on neither.
// RSS includes garbage V8 has not collected yet, so the relay also runs with --inspect on loopback (and
// --expose-gc) and the bench has it collect garbage and report its live heap: before the load, when all 1,000
// replies flow (before the warm-up: no stream has finished, so next to no garbage to take), at the window's end
// (1,000 streams open both times), and after every stream has closed. No forced GC falls between that first
// reading and the last RSS sample: one there would reset V8's heap growth and flatter a window.
// A leak shows as live heap growing between the two readings under load, or not returning to the idle figure
// after the drain. Figures: broken streams (target 0), RSS last/first window (target ≤ 1.10×), live heap
// end/start of the window (target ≤ 1.10×: no leak). The exit code is non-zero when any misses. Writes
// bench/results/load.json.
// LOAD_STREAMS / LOAD_SECONDS shrink it for a smoke run. LOAD_NODE_FLAGS adds node flags to the relay
// (e.g. "--heap-growing-percent=100": a looser heap growing factor than the CLI's
// (src/relay/cli/heap.ts), for a before/after;
// "--trace-gc" with LOAD_RELAY_STDOUT=file to see each GC); LOAD_HEAP_PROFILE=file.heapprofile records where
// the promoted garbage is allocated, LOAD_HEAP_SNAPSHOT=file.heapsnapshot what is live with every stream open (open
// either in Chrome DevTools, Memory tab). Loopback only.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { WebSocket } from 'undici';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { streamOnce } from './relay/client.mjs';
import { memory, cpuMicros } from './relay/procstat.mjs';
import { replyLength, requestBody } from './relay/sse.mjs';
import { track, waitForLine } from './relay/processes.mjs';

const root = resolve(import.meta.dirname, '..');
const STREAMS = Number(process.env.LOAD_STREAMS ?? 1000);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const EVENTS = 200;
const INTERVAL_MS = 50;
const WINDOW_S = Math.min(20, Math.floor(SECONDS / 3));
const RAMP_BATCH = 50;
const RAMP_EVERY_MS = 50;
const MAX_GROWTH = 0.1;

function spawnTracked(args, stdio) {
  return track(spawn(process.execPath, args, { stdio, env: { PATH: process.env.PATH, HOME: process.env.HOME } }));
}
const EXTRA_FLAGS = (process.env.LOAD_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** A tiny DevTools-protocol client for the relay's --inspect port: forced GC + live heap size. */
async function inspector(url) {
  const ws = new WebSocket(url);
  await new Promise((res, rej) => {
    ws.onopen = res;
    ws.onerror = rej;
  });
  let id = 0;
  const pending = new Map();
  let onChunk;
  ws.onmessage = (event) => {
    const msg = JSON.parse(String(event.data));
    if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') return onChunk?.(msg.params.chunk);
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  };
  const call = (method, params = {}) =>
    new Promise((res) => {
      pending.set(++id, res);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    /** Evaluates `expression` in the relay's main context; returns its value (JSON-copied). */
    async evaluate(expression) {
      const answer = await call('Runtime.evaluate', { expression, returnByValue: true });
      return answer.result?.value;
    },
    /**
     * Live heap: heapUsed right after a full GC. The relay runs with --expose-gc and the bench calls its gc():
     * a plain full mark-compact — unlike HeapProfiler.collectGarbage (a "low memory" GC), it does not also
     * shrink the young generation and release pages, so it barely changes the RSS the bench is measuring.
     */
    async liveHeapMB() {
      const answer = await call('Runtime.evaluate', {
        expression: '(gc(), process.memoryUsage().heapUsed)',
        returnByValue: true,
      });
      return answer.result.value / 1024 / 1024;
    },
    call,
    /** A heap snapshot (what is live, by object) written to `file`; with every stream still open. */
    async snapshot(file) {
      const chunks = [];
      onChunk = (chunk) => chunks.push(chunk);
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      onChunk = undefined;
      writeFileSync(file, chunks.join(''));
    },
    close: () => ws.close(),
  };
}

// The relay's own view of its memory, each second: process.memoryUsage() (rss, heapTotal = V8's committed heap,
// heapUsed, external, arrayBuffers) and the committed size of each V8 heap space, so a growing RSS can be pinned on
// the V8 heap (and which space), on memory outside it (malloc: sockets, buffers, TLS), or on neither.
const MEMORY_USAGE = `(() => {
  const usage = process.memoryUsage();
  for (const space of process.getBuiltinModule('v8').getHeapSpaceStatistics()) usage[space.space_name] = space.space_size;
  return usage;
})()`;
const BREAKDOWN = [
  'rss',
  'rssAnon',
  'rssFile',
  'heapTotal',
  'heapUsed',
  'old_space',
  'new_space',
  'large_object_space',
  'code_space',
  'outsideHeap',
  'external',
  'arrayBuffers',
];

/** RSS split into anonymous memory (heaps) and file pages (the node binary and libraries, touched as code runs). */
function rssKinds(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const bytes = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rssAnon: bytes('RssAnon'), rssFile: bytes('RssFile') };
}

/** A memoryUsage sample in MB; outsideHeap = rss − heapTotal (malloc, stacks, code of the binary). */
function usageMB(usage) {
  const mb = {};
  for (const key of BREAKDOWN)
    mb[key] = key === 'outsideHeap' ? (usage.rss - usage.heapTotal) / 1048576 : (usage[key] ?? 0) / 1048576;
  return mb;
}

/** Mean of each breakdown field over `samples`, in MB, one decimal. */
function meanUsage(samples) {
  const out = {};
  for (const key of BREAKDOWN) out[key] = Math.round(mean(samples.map((s) => s.usage[key])) * 10) / 10;
  return out;
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  if (process.platform !== 'linux') throw new Error('bench/load.mjs reads /proc for memory: run it on Linux.');
  if (!existsSync(join(root, 'dist/relay/cli/index.js'))) {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  }
  const upstream = spawnTracked([join(root, 'bench/relay/upstream.mjs')], ['ignore', 'pipe', 'inherit']);
  const upstreamPort = Number((await waitForLine(upstream.stdout, /\{"port":(\d+)\}/, 'fake upstream'))[1]);
  const relay = spawnTracked(
    [
      '--inspect=127.0.0.1:0',
      '--expose-gc',
      ...EXTRA_FLAGS,
      join(root, 'dist/relay/cli/index.js'),
      '--port',
      '0',
      '--upstream',
      `http://127.0.0.1:${upstreamPort}/v1`,
      '--api-key',
      'load-key-not-real',
      '--rate-limit',
      '0',
    ],
    ['ignore', process.env.LOAD_RELAY_STDOUT ? openSync(process.env.LOAD_RELAY_STDOUT, 'w') : 'ignore', 'pipe'], // request logs on, as in production, to /dev/null
  );
  const started = await waitForLine(
    relay.stderr,
    /(ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)[\s\S]*listening on http:\/\/127\.0\.0\.1:(\d+)\//,
    'relay',
  );
  const port = Number(started[2]);
  relay.stderr.resume();
  const heap = await inspector(started[1]);
  const liveHeap = { idleMB: await heap.liveHeapMB() };

  const body = requestBody(EVENTS, INTERVAL_MS);
  const expected = replyLength(EVENTS);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const idleRssMB = memory(relay.pid).rssKb / 1024;
  const cpuBefore = cpuMicros(relay.pid);
  const loadBefore = loadavg()[0];

  let completed = 0;
  let broken = 0;
  let open = 0; // requests in flight
  let streaming = 0; // of those, the ones whose reply has started (first body byte received)
  let maxOpen = 0;
  const errors = new Map();
  let stopAt = Infinity;

  async function slot() {
    while (Date.now() < stopAt) {
      open++;
      maxOpen = Math.max(maxOpen, open);
      let started = false;
      const result = await streamOnce(agent, port, body, expected, () => {
        started = true;
        streaming++;
      });
      open--;
      if (started) streaming--;
      if (result.ok) completed++;
      else {
        broken++;
        errors.set(result.error, (errors.get(result.error) ?? 0) + 1);
      }
    }
  }

  console.error(`load: ramping up ${STREAMS} streams…`);
  const rampStart = Date.now();
  const slots = [];
  for (let i = 0; i < STREAMS; i++) {
    slots.push(slot());
    if ((i + 1) % RAMP_BATCH === 0) await sleep(RAMP_EVERY_MS);
  }
  // The window starts once every one of the streams is open, i.e. its reply is flowing — not merely once the
  // requests are sent: with 2 cores the relay needs a second or two to accept them all, and RSS climbs meanwhile.
  const rampDeadline = Date.now() + EVENTS * INTERVAL_MS;
  while (streaming < STREAMS && Date.now() < rampDeadline) await sleep(20);
  if (streaming < STREAMS)
    throw new Error(`only ${streaming} of ${STREAMS} streams had started after ${EVENTS * INTERVAL_MS} ms`);
  const rampMs = Date.now() - rampStart;
  // The first live-heap reading: with every stream open and none finished yet, so there is next to no old garbage
  // for this GC to take away. After it, no forced GC until the last RSS sample: an extra full GC in or before the
  // windows would reset V8's heap growth (and release the pages of the warm-up's dead streams), flattering a window.
  liveHeap.windowStartMB = await heap.liveHeapMB();
  // Warm-up: one stream's lifetime. The window starts once every slot has finished a stream and its next reply is
  // flowing, so the heap has been through one turnover of all 1,000 streams (the first ones ending while the next
  // start: V8's old generation reaches the high-water mark it keeps from then on). Without it the first window
  // would straddle that one-off step and read it as growth. Sampled too, and reported (warmUp in load.json).
  const warmUpStart = Date.now();
  const warmUp = [];
  const warmUpDeadline = warmUpStart + EVENTS * INTERVAL_MS * 3;
  while (!(completed >= STREAMS && streaming >= STREAMS) && Date.now() < warmUpDeadline) {
    await sleep(1000 - ((Date.now() - warmUpStart) % 1000));
    warmUp.push(Math.round((memory(relay.pid).rssKb / 1024) * 10) / 10);
  }
  if (completed < STREAMS)
    throw new Error(
      `warm-up: only ${completed} of ${STREAMS} streams had completed after ${EVENTS * INTERVAL_MS * 3} ms`,
    );
  const warmUpMs = Date.now() - warmUpStart;
  console.error(
    `load: warm-up ${(warmUpMs / 1000).toFixed(1)} s (every stream replaced once): RSS ${warmUp[0]} → ${warmUp.at(-1)} MB`,
  );
  // LOAD_HEAP_PROFILE=file: a sampling heap profile of the window that keeps objects freed by full GCs (not those
  // freed by scavenges) — i.e. where the memory that outlives a scavenge, is promoted and then dies, is allocated.
  if (process.env.LOAD_HEAP_PROFILE)
    await heap.call('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true });
  const windowStart = Date.now();
  stopAt = windowStart + SECONDS * 1000; // slots start no new stream after this; running ones finish
  const samples = [];
  let k = 0;
  for (;;) {
    const due = windowStart + k * 1000; // a fixed 1 s grid: the inspector round-trips and forced GCs do not shift it
    if (due >= stopAt) break;
    await sleep(due - Date.now());
    k++;
    const usage = { ...(await heap.evaluate(MEMORY_USAGE)), ...rssKinds(relay.pid) };
    samples.push({
      t: (due - windowStart) / 1000,
      rssMB: memory(relay.pid).rssKb / 1024,
      open,
      streaming,
      usage: usageMB(usage),
    });
    const u = samples.at(-1).usage;
    console.error(
      `load: t=${Math.round((due - windowStart) / 1000)}s open=${open} streaming=${streaming} completed=${completed} broken=${broken} rss=${samples.at(-1).rssMB.toFixed(1)} MB ` +
        `(anon ${u.rssAnon.toFixed(0)}, file ${u.rssFile.toFixed(0)}; heap ${u.heapUsed.toFixed(0)}/${u.heapTotal.toFixed(0)}, old ${u.old_space.toFixed(0)}, new ${u.new_space.toFixed(0)}, outside heap ${u.outsideHeap.toFixed(0)}, external ${u.external.toFixed(0)}, arrayBuffers ${u.arrayBuffers.toFixed(0)} MB)`,
    );
  }
  // The end reading: after the last window's last sample, with the streams still open (none has been told to stop).
  if (process.env.LOAD_HEAP_PROFILE) {
    const { profile } = await heap.call('HeapProfiler.stopSampling');
    writeFileSync(process.env.LOAD_HEAP_PROFILE, JSON.stringify(profile));
  }
  liveHeap.windowEndMB = await heap.liveHeapMB();
  if (process.env.LOAD_HEAP_SNAPSHOT) await heap.snapshot(process.env.LOAD_HEAP_SNAPSHOT);
  liveHeap.windowEndAtS = (Date.now() - windowStart) / 1000;
  liveHeap.openAtEnd = open;
  // Running streams end within one stream's length (10 s); bounded wait.
  const drained = await Promise.race([
    Promise.all(slots).then(() => true),
    sleep(EVENTS * INTERVAL_MS * 3 + 10_000).then(() => false),
  ]);
  const cpuMs = (cpuMicros(relay.pid) - cpuBefore) / 1000;
  agent.destroy();
  // Past undici's 4 s keep-alive: the relay's pooled upstream connections are closed by then too.
  await sleep(6000);
  liveHeap.afterDrainMB = await heap.liveHeapMB();
  liveHeap.rssAfterDrainMB = memory(relay.pid).rssKb / 1024;
  heap.close();
  relay.kill('SIGTERM');
  upstream.kill('SIGTERM');

  const firstSamples = samples.filter((s) => s.t < WINDOW_S);
  const lastSamples = samples.filter((s) => s.t >= SECONDS - WINDOW_S);
  const first = firstSamples.map((s) => s.rssMB);
  const last = lastSamples.map((s) => s.rssMB);
  const firstMean = mean(first);
  const lastMean = mean(last);
  const growth = (lastMean - firstMean) / firstMean;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadavgBefore: loadBefore,
    config: {
      streams: STREAMS,
      seconds: SECONDS,
      eventsPerStream: EVENTS,
      intervalMs: INTERVAL_MS,
      windowSeconds: WINDOW_S,
      relayNodeFlags: EXTRA_FLAGS,
    },
    rampMs,
    warmUp: { ms: warmUpMs, rssMB: warmUp },
    completed,
    broken,
    drained,
    errors: Object.fromEntries([...errors].slice(0, 5)),
    minOpenDuringWindow: Math.min(...samples.map((s) => s.open)),
    // Between a stream's end and its slot's next first byte the count dips; 1,000 requests stay in flight.
    minStreamingDuringWindow: Math.min(...samples.map((s) => s.streaming)),
    maxOpen,
    eventsRelayed: completed * EVENTS,
    relayCpuMs: cpuMs,
    rss: {
      idleMB: idleRssMB,
      firstWindowMeanMB: firstMean,
      lastWindowMeanMB: lastMean,
      growthPct: growth * 100,
      samples: samples.map((s) => Math.round(s.rssMB * 10) / 10),
    },
    // What the RSS is made of (MB, from the relay's process.memoryUsage() and v8.getHeapSpaceStatistics()).
    breakdown: {
      firstWindowMeanMB: meanUsage(firstSamples),
      lastWindowMeanMB: meanUsage(lastSamples),
      samples: samples.map((s) =>
        Object.fromEntries(Object.entries(s.usage).map(([k, v]) => [k, Math.round(v * 10) / 10])),
      ),
    },
    liveHeap,
    checks: {
      broken: { value: broken, target: '0', pass: broken === 0 && drained },
      rssLastOverFirst: { value: lastMean / firstMean, target: `<= ${1 + MAX_GROWTH}`, pass: growth <= MAX_GROWTH },
      liveHeapEndOverStart: {
        value: liveHeap.windowEndMB / liveHeap.windowStartMB,
        target: `<= ${1 + MAX_GROWTH}`,
        pass: liveHeap.windowEndMB <= liveHeap.windowStartMB * (1 + MAX_GROWTH),
      },
    },
  };
  result.pass = Object.values(result.checks).every((c) => c.pass);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/load.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(
    `load: ${STREAMS} concurrent streams for ${SECONDS} s through the relay: ${completed} complete, ${broken} broken/truncated; ` +
      `RSS first ${WINDOW_S} s ${firstMean.toFixed(1)} MB → last ${WINDOW_S} s ${lastMean.toFixed(1)} MB (${(growth * 100).toFixed(1)} %); ` +
      `live heap after GC: idle ${liveHeap.idleMB.toFixed(1)} MB, window start ${liveHeap.windowStartMB?.toFixed(1)} MB, end ${liveHeap.windowEndMB?.toFixed(1)} MB, after drain ${liveHeap.afterDrainMB.toFixed(1)} MB; ` +
      Object.entries(result.checks)
        .map(([k, c]) => `${k} ${c.pass ? 'PASS' : 'FAIL'}`)
        .join(', '),
  );
  const f = result.breakdown.firstWindowMeanMB;
  const l = result.breakdown.lastWindowMeanMB;
  console.log(
    `load: what the RSS is made of, mean of the first → last ${WINDOW_S} s (MB): ` +
      ['rss', 'heapTotal', 'old_space', 'new_space', 'heapUsed', 'outsideHeap', 'arrayBuffers', 'rssFile']
        .map((k) => `${k} ${f[k]} → ${l[k]}`)
        .join(', '),
  );
  console.error('wrote bench/results/load.json');
  if (!result.pass) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
