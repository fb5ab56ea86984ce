// `node bench/load.mjs` (part of `npm run bench`): 1,000 concurrent streams through the relay (the real CLI,
// dist/relay/cli.js) for 60 s against the fake upstream of bench:relay (its own process; streams of 200
// events, 50 ms apart = 10 s each). Every slot starts a new stream as soon as its last one ends, so 1,000 stay
// open for the whole window. Every stream is checked byte for byte (status 200, exact length, ends with
// [DONE]); the relay's RSS is sampled each second: the mean of the first 20 s of the window is compared with
// the mean of the last 20 s (the window starts once all 1,000 are open).
// RSS includes garbage V8 has not collected yet, so the relay also runs with --inspect on loopback and the bench
// asks it (DevTools protocol) to collect garbage and report its live heap: before the load, at the start and at
// the end of the window (1,000 streams open both times), and after every stream has closed. A leak shows as
// live heap growing between the two in-window readings, or not returning to the idle figure after the drain.
// Figures: broken streams (target 0), RSS last/first window (target ≤ 1.10×), live heap end/start of the window
// (target ≤ 1.10×: no leak). The exit code is non-zero when any misses. Writes bench/results/load.json.
// LOAD_STREAMS / LOAD_SECONDS shrink it for a smoke run. Loopback only.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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

/** A tiny DevTools-protocol client for the relay's --inspect port: forced GC + live heap size. */
async function inspector(url) {
  const ws = new WebSocket(url);
  await new Promise((res, rej) => {
    ws.onopen = res;
    ws.onerror = rej;
  });
  let id = 0;
  const pending = new Map();
  ws.onmessage = (event) => {
    const msg = JSON.parse(String(event.data));
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  };
  const call = (method, params = {}) =>
    new Promise((res) => {
      pending.set(++id, res);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async liveHeapMB() {
      await call('HeapProfiler.collectGarbage');
      const usage = await call('Runtime.getHeapUsage');
      return usage.usedSize / 1024 / 1024;
    },
    close: () => ws.close(),
  };
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  if (process.platform !== 'linux') throw new Error('bench/load.mjs reads /proc for memory: run it on Linux.');
  if (!existsSync(join(root, 'dist/relay/cli.js'))) {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  }
  const upstream = spawnTracked([join(root, 'bench/relay/upstream.mjs')], ['ignore', 'pipe', 'inherit']);
  const upstreamPort = Number((await waitForLine(upstream.stdout, /\{"port":(\d+)\}/, 'fake upstream'))[1]);
  const relay = spawnTracked(
    ['--inspect=127.0.0.1:0', join(root, 'dist/relay/cli.js'), '--port', '0', '--upstream', `http://127.0.0.1:${upstreamPort}/v1`, '--api-key', 'load-key-not-real', '--rate-limit', '0'],
    ['ignore', 'ignore', 'pipe'], // request logs on, as in production, to /dev/null
  );
  const started = await waitForLine(relay.stderr, /(ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)[\s\S]*listening on http:\/\/127\.0\.0\.1:(\d+)\//, 'relay');
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
  let open = 0;
  let maxOpen = 0;
  const errors = new Map();
  let stopAt = Infinity;

  async function slot() {
    while (Date.now() < stopAt) {
      open++;
      maxOpen = Math.max(maxOpen, open);
      const result = await streamOnce(agent, port, body, expected);
      open--;
      if (result.ok) completed++;
      else {
        broken++;
        errors.set(result.error, (errors.get(result.error) ?? 0) + 1);
      }
    }
  }

  console.error(`load: ramping up ${STREAMS} streams…`);
  const slots = [];
  for (let i = 0; i < STREAMS; i++) {
    slots.push(slot());
    if ((i + 1) % RAMP_BATCH === 0) await sleep(RAMP_EVERY_MS);
  }
  const windowStart = Date.now();
  stopAt = windowStart + SECONDS * 1000; // slots start no new stream after this; running ones finish
  const samples = [];
  let tookStartHeap = false;
  while (Date.now() < stopAt) {
    if (!tookStartHeap && Date.now() - windowStart >= 5_000) {
      tookStartHeap = true;
      liveHeap.windowStartMB = await heap.liveHeapMB();
    }
    if (Date.now() - windowStart >= (SECONDS * 1000) / 2 && liveHeap.windowMidMB === undefined) liveHeap.windowMidMB = await heap.liveHeapMB();
    if (stopAt - Date.now() < 2_000 && liveHeap.windowEndMB === undefined) liveHeap.windowEndMB = await heap.liveHeapMB();
    samples.push({ t: (Date.now() - windowStart) / 1000, rssMB: memory(relay.pid).rssKb / 1024, open });
    console.error(`load: t=${Math.round((Date.now() - windowStart) / 1000)}s open=${open} completed=${completed} broken=${broken} rss=${samples.at(-1).rssMB.toFixed(1)} MB`);
    await sleep(1000);
  }
  // Running streams end within one stream's length (10 s); bounded wait.
  const drained = await Promise.race([Promise.all(slots).then(() => true), sleep(EVENTS * INTERVAL_MS * 3 + 10_000).then(() => false)]);
  const cpuMs = (cpuMicros(relay.pid) - cpuBefore) / 1000;
  agent.destroy();
  // Past undici's 4 s keep-alive: the relay's pooled upstream connections are closed by then too.
  await sleep(6000);
  liveHeap.afterDrainMB = await heap.liveHeapMB();
  liveHeap.rssAfterDrainMB = memory(relay.pid).rssKb / 1024;
  heap.close();
  relay.kill('SIGTERM');
  upstream.kill('SIGTERM');

  const first = samples.filter((s) => s.t < WINDOW_S).map((s) => s.rssMB);
  const last = samples.filter((s) => s.t >= SECONDS - WINDOW_S).map((s) => s.rssMB);
  const firstMean = mean(first);
  const lastMean = mean(last);
  const growth = (lastMean - firstMean) / firstMean;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadavgBefore: loadBefore,
    config: { streams: STREAMS, seconds: SECONDS, eventsPerStream: EVENTS, intervalMs: INTERVAL_MS, windowSeconds: WINDOW_S },
    completed,
    broken,
    drained,
    errors: Object.fromEntries([...errors].slice(0, 5)),
    minOpenDuringWindow: Math.min(...samples.filter((s) => s.t >= 1).map((s) => s.open)),
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
      `live heap after GC: idle ${liveHeap.idleMB.toFixed(1)} MB, window start ${liveHeap.windowStartMB?.toFixed(1)} MB, middle ${liveHeap.windowMidMB?.toFixed(1)} MB, end ${liveHeap.windowEndMB?.toFixed(1)} MB, after drain ${liveHeap.afterDrainMB.toFixed(1)} MB; ` +
      Object.entries(result.checks).map(([k, c]) => `${k} ${c.pass ? 'PASS' : 'FAIL'}`).join(', '),
  );
  console.error('wrote bench/results/load.json');
  if (!result.pass) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
