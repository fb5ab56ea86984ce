// `npm run bench:relay`: the relay (the real CLI, dist/relay/cli/index.js) vs. talking to the upstream directly and vs.
// nginx (proxy_buffering off, when nginx is installed), all on the same fake streaming upstream on loopback:
//   1. added time to first byte, p50/p99, one client, many sequential requests
//   2. CPU microseconds of the proxy process per streamed event, 50 concurrent clients
//   3. 1,000 concurrent streams: how many broke, and the proxy's peak RSS
// Also in steps 1 and 2: "node-floor", the cheapest HTTP proxy Node can run (bench/floor/undici-request.mjs:
// node:http + undici, bytes only, no guards or logs), to show how much of any gap to nginx is Node's own.
// Prints a table (each figure beside its baseline and the ratio) and writes bench/results/relay.json.
// BENCH_QUICK=1 runs smaller loops (for a smoke check; the numbers are then noisier).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { streamOnce, percentile } from './relay/client.mjs';
import { findNginx, startNginx } from './relay/nginx.mjs';
import { cpuMicros, memory } from './relay/procstat.mjs';
import { replyLength, requestBody } from './relay/sse.mjs';
import { track, waitForLine } from './relay/processes.mjs';

const root = resolve(import.meta.dirname, '..');
const quick = process.env.BENCH_QUICK === '1';
const CONFIG = {
  // Warm-up: a Node process keeps optimizing (TurboFan, on its other threads) for the first ~2,000 requests; with
  // 300 the relay's measured requests still paid for that (~0.1 ms p50, ~2× the CPU per request) while nginx has
  // no JIT to warm. 2,000 per target costs ~1 s.
  ttfb: { warmup: quick ? 200 : 2000, rounds: quick ? 4 : 10, perRound: quick ? 50 : 200, events: 4 },
  // streamsPerClient is split over `rounds`, and the rounds alternate between targets (as for TTFB), so load
  // from other processes on a shared machine lands on every target alike instead of on whichever ran last.
  cpu: { clients: 50, streamsPerClient: quick ? 2 : 8, rounds: quick ? 2 : 4, events: 100, intervalMs: 2 },
  // 1,000 streams of 20 s each (10 events/s), opened over ~1 s; long enough that all of them overlap even
  // when a 2-core machine is slow to set up a thousand proxied connections.
  many: { streams: 1000, events: 200, intervalMs: 100, rampBatch: 50, rampEveryMs: 50 },
};

async function startUpstream() {
  const child = track(
    spawn(process.execPath, [join(root, 'bench/relay/upstream.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  const match = await waitForLine(child.stdout, /\{"port":(\d+)\}/, 'fake upstream');
  return { child, port: Number(match[1]) };
}

async function startRelay(upstreamPort) {
  const cli = join(root, 'dist/relay/cli/index.js');
  const child = track(
    spawn(
      process.execPath,
      [
        cli,
        '--port',
        '0',
        '--upstream',
        `http://127.0.0.1:${upstreamPort}/v1`,
        '--api-key',
        'bench-key-not-real',
        '--rate-limit',
        '0',
      ],
      // Request logs stay on (as in production) but go to /dev/null.
      { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    ),
  );
  const match = await waitForLine(child.stderr, /listening on http:\/\/127\.0\.0\.1:(\d+)\//, 'relay');
  return {
    port: Number(match[1]),
    pids: () => [child.pid],
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}

/** bench/floor/undici-request.mjs: node:http in, undici out, bytes only. */
async function startNodeFloor(upstreamPort) {
  const child = track(
    spawn(process.execPath, [join(root, 'bench/floor/undici-request.mjs'), `http://127.0.0.1:${upstreamPort}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  const match = await waitForLine(child.stderr, /listening on http:\/\/127\.0\.0\.1:(\d+)\//, 'node floor proxy');
  return { name: 'node-floor', port: Number(match[1]), pids: () => [child.pid], stop: () => child.kill('SIGTERM') };
}

function upstreamStats(port, path = '/stats') {
  return new Promise((resolveStats, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (c) => (text += c))
        .on('end', () => resolveStats(JSON.parse(text)));
    }).on('error', reject);
  });
}

const sum = (values) => values.reduce((a, b) => a + b, 0);
const cpuOf = (pids) => sum(pids.map(cpuMicros));
const peakKbOf = (pids) => sum(pids.map((pid) => memory(pid).peakKb));

/** 1. Sequential requests from one kept-alive client; rounds alternate between targets to spread drift evenly. */
async function measureTtfb(targets) {
  const { warmup, rounds, perRound, events } = CONFIG.ttfb;
  const body = requestBody(events, 0);
  const expected = replyLength(events);
  const samples = new Map(targets.map((t) => [t.name, []]));
  const agents = new Map(targets.map((t) => [t.name, new Agent({ keepAlive: true, maxSockets: 1 })]));
  let broken = 0;
  for (const target of targets) {
    for (let i = 0; i < warmup; i++) await streamOnce(agents.get(target.name), target.port, body, expected);
  }
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const list = samples.get(target.name);
      for (let i = 0; i < perRound; i++) {
        const result = await streamOnce(agents.get(target.name), target.port, body, expected);
        if (!result.ok) broken++;
        list.push(result.ttfbMs);
      }
    }
  }
  for (const agent of agents.values()) agent.destroy();
  const out = {};
  for (const [name, list] of samples) {
    const sorted = list.filter((v) => v !== null).sort((a, b) => a - b);
    out[name] = { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
  }
  return { byTarget: out, broken };
}

/** 2. 50 clients, each streaming several replies back to back; CPU of the proxy process(es) per event. */
async function measureCpu(targets) {
  const { clients, streamsPerClient, rounds, events, intervalMs } = CONFIG.cpu;
  const perRound = Math.ceil(streamsPerClient / rounds);
  const body = requestBody(events, intervalMs);
  const expected = replyLength(events);
  const runs = targets.map((target) => ({
    target,
    agent: new Agent({ keepAlive: true, maxSockets: clients }),
    cpu: 0,
    wallMs: 0,
    streams: 0,
    broken: 0,
  }));
  // warm-up: one round per target so JIT and connection pools are ready
  for (const run of runs)
    await Promise.all(Array.from({ length: clients }, () => streamOnce(run.agent, run.target.port, body, expected)));
  for (let round = 0; round < rounds; round++) {
    for (const run of runs) {
      const pids = run.target.pids?.() ?? [];
      const cpuBefore = cpuOf(pids);
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          for (let i = 0; i < perRound; i++) {
            const result = await streamOnce(run.agent, run.target.port, body, expected);
            if (!result.ok) run.broken++;
          }
        }),
      );
      run.wallMs += Number(process.hrtime.bigint() - started) / 1e6;
      run.cpu += cpuOf(pids) - cpuBefore;
      run.streams += clients * perRound;
    }
  }
  const out = {};
  for (const run of runs) {
    run.agent.destroy();
    const totalEvents = run.streams * events;
    const measured = (run.target.pids?.() ?? []).length > 0;
    out[run.target.name] = {
      cpuMicrosPerEvent: measured ? run.cpu / totalEvents : null,
      cpuMicros: run.cpu,
      events: totalEvents,
      wallMs: run.wallMs,
      broken: run.broken,
    };
  }
  return out;
}

/** 3. 1,000 streams open at once (ramped in batches); broken = not 200, wrong byte count, or no [DONE]. */
async function measureMany(target, upstreamPort) {
  const { streams, events, intervalMs, rampBatch, rampEveryMs } = CONFIG.many;
  const body = requestBody(events, intervalMs);
  const expected = replyLength(events);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const pids = target.pids?.() ?? [];
  const idleKb = pids.length ? sum(pids.map((pid) => memory(pid).rssKb)) : null;
  await upstreamStats(upstreamPort, '/stats/reset');
  const pending = [];
  for (let i = 0; i < streams; i++) {
    pending.push(streamOnce(agent, target.port, body, expected));
    if ((i + 1) % rampBatch === 0) await new Promise((r) => setTimeout(r, rampEveryMs));
  }
  const results = await Promise.all(pending);
  const stats = await upstreamStats(upstreamPort);
  agent.destroy();
  const errors = results.filter((r) => !r.ok).map((r) => r.error);
  return {
    streams,
    broken: errors.length,
    firstErrors: [...new Set(errors)].slice(0, 3),
    maxConcurrentAtUpstream: stats.maxActive,
    idleRssMB: idleKb === null ? null : idleKb / 1024,
    peakRssMB: pids.length ? peakKbOf(pids) / 1024 : null,
  };
}

function ensureRelayBuild() {
  if (existsSync(join(root, 'dist/relay/cli/index.js'))) return;
  console.error('dist/relay/cli/index.js missing: compiling the relay (tsc -p tsconfig.build.json)…');
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

const fmt = (value, digits = 3) =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
const ratio = (a, b) => (a === null || b === null || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

async function main() {
  if (process.platform !== 'linux') throw new Error('bench:relay reads /proc for CPU and memory: run it on Linux.');
  ensureRelayBuild();
  const loadBefore = loadavg()[0];
  const tmp = mkdtempSync(join(tmpdir(), 'gpt-chat-bench-'));
  const upstream = await startUpstream();
  const relay = await startRelay(upstream.port);
  const nginxBin = findNginx();
  const nginx = nginxBin ? await startNginx(nginxBin, join(tmp, 'nginx'), upstream.port) : null;
  const floor = await startNodeFloor(upstream.port);
  const direct = { name: 'direct', port: upstream.port, pids: () => [upstream.child.pid] };
  const targets = [direct, { name: 'relay', ...relay }, ...(nginx ? [{ name: 'nginx', ...nginx }] : []), floor];
  console.error(
    `bench:relay — upstream :${upstream.port}, relay :${relay.port}${nginx ? `, nginx :${nginx.port}` : ' (nginx not found: baseline is direct only)'}${quick ? ' [quick]' : ''}`,
  );

  console.error('1/3 time to first byte, 1 client…');
  const ttfb = await measureTtfb(targets);
  console.error('2/3 CPU per event, 50 clients…');
  // direct: the upstream's own cost per event, for scale
  const { direct: upstreamCpu, ...cpu } = await measureCpu([
    { name: 'relay', ...relay },
    ...(nginx ? [{ name: 'nginx', ...nginx }] : []),
    floor,
    direct,
  ]);
  cpu.upstream = upstreamCpu;
  floor.stop();

  console.error('3/3 1,000 concurrent streams (fresh processes)…');
  await relay.stop();
  const freshRelay = await startRelay(upstream.port);
  const many = { relay: await measureMany({ name: 'relay', ...freshRelay }, upstream.port) };
  await freshRelay.stop();
  if (nginx) {
    await nginx.stop();
    const freshNginx = await startNginx(nginxBin, join(tmp, 'nginx2'), upstream.port);
    many.nginx = await measureMany({ name: 'nginx', ...freshNginx }, upstream.port);
    await freshNginx.stop();
  }
  many.direct = await measureMany({ name: 'direct', port: upstream.port }, upstream.port);
  upstream.child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });

  const d = ttfb.byTarget.direct;
  const added = (name, p) => (ttfb.byTarget[name] ? ttfb.byTarget[name][p] - d[p] : null);
  const baseName = nginx ? 'nginx' : 'direct';
  const rows = [
    ['added TTFB p50, ms (1 client)', added('relay', 'p50'), nginx ? added('nginx', 'p50') : 0, 3],
    ['added TTFB p99, ms (1 client)', added('relay', 'p99'), nginx ? added('nginx', 'p99') : 0, 3],
    ['CPU µs per event (50 clients)', cpu.relay.cpuMicrosPerEvent, nginx ? cpu.nginx.cpuMicrosPerEvent : null, 2],
    ['  bare Node proxy: added TTFB p50', added('node-floor', 'p50'), nginx ? added('nginx', 'p50') : 0, 3],
    [
      '  bare Node proxy: CPU µs per event',
      cpu['node-floor'].cpuMicrosPerEvent,
      nginx ? cpu.nginx.cpuMicrosPerEvent : null,
      2,
    ],
    ['1,000 streams: broken', many.relay.broken, (nginx ? many.nginx : many.direct).broken, 0],
    ['1,000 streams: peak RSS, MB', many.relay.peakRssMB, nginx ? many.nginx.peakRssMB : null, 1],
  ];
  const width = 34;
  const lines = [
    `${'figure'.padEnd(width)}${'relay'.padStart(10)}${baseName.padStart(10)}${'ratio'.padStart(9)}`,
    ...rows.map(
      ([label, value, base, digits]) =>
        `${label.padEnd(width)}${fmt(value, digits).padStart(10)}${fmt(base, digits).padStart(10)}${(digits === 0 ? '' : ratio(value, base)).padStart(9)}`,
    ),
    '',
    `direct TTFB p50/p99: ${fmt(d.p50)} / ${fmt(d.p99)} ms (n=${d.n}); relay ${fmt(ttfb.byTarget.relay.p50)} / ${fmt(ttfb.byTarget.relay.p99)} ms` +
      (nginx ? `; nginx ${fmt(ttfb.byTarget.nginx.p50)} / ${fmt(ttfb.byTarget.nginx.p99)} ms` : ''),
    `CPU: relay ${fmt(cpu.relay.cpuMicros / 1e3, 0)} ms for ${cpu.relay.events} events` +
      (nginx ? `, nginx ${fmt(cpu.nginx.cpuMicros / 1e3, 0)} ms` : '') +
      `; upstream itself ${fmt(cpu.upstream.cpuMicrosPerEvent, 2)} µs/event; broken in CPU runs: relay ${cpu.relay.broken}${nginx ? `, nginx ${cpu.nginx.broken}` : ''}; TTFB runs: ${ttfb.broken}`,
    `1,000 streams: max concurrent at upstream relay ${many.relay.maxConcurrentAtUpstream}${nginx ? `, nginx ${many.nginx.maxConcurrentAtUpstream}` : ''}, direct ${many.direct.maxConcurrentAtUpstream} (broken ${many.direct.broken}); relay idle RSS ${fmt(many.relay.idleRssMB, 1)} MB` +
      (many.relay.firstErrors.length ? `; relay errors: ${many.relay.firstErrors.join('; ')}` : ''),
    `load average (1 min) before/after: ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs` +
      (Math.max(loadBefore, loadavg()[0]) > availableParallelism()
        ? ' — the machine was busy: p99 and CPU figures are noisy, rerun on a quiet machine'
        : ''),
    `machine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, node ${process.version}; targets: TTFB p50 within 0.2 ms of nginx, CPU ≤ 1.3× nginx, 1,000 streams 0 broken, RSS ≤ 150 MB`,
  ];
  console.log(lines.join('\n'));

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? null,
    quick,
    loadavg: { before: loadBefore, after: loadavg()[0] },
    config: CONFIG,
    baseline: baseName,
    ttfb,
    cpu,
    many,
    summary: Object.fromEntries(rows.map(([label, value, base]) => [label, { relay: value, [baseName]: base }])),
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/relay.json'), JSON.stringify(result, null, 2) + '\n');
  console.error('wrote bench/results/relay.json');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
