// `npm run bench:relay`: the relay (the real CLI, dist/relay/cli/index.js) vs. talking to the upstream directly and vs.
// nginx (proxy_buffering off, when nginx is installed), all on the same fake streaming upstream on loopback:
//   1. added time to first byte, p50/p99, one client, many sequential requests
//   2. CPU microseconds of the proxy process per streamed event, 50 concurrent clients
//   3. 1,000 concurrent streams: how many broke, and the proxy's peak RSS
// Also in steps 1 and 2: "node-floor", the cheapest HTTP proxy Node can run (bench/floor/undici-request.mjs:
// node:http + undici, bytes only, no guards or logs), to show how much of any gap to nginx is Node's own.
// Prints a table (each figure beside its baseline and the ratio) and issue 12's guard against the bare Node proxy,
// judged per round (bench/relay/rounds.mjs: median, 95 % interval, holds/fails/undecided), and writes
// bench/results/relay.json. BENCH_RELAY_BASE=<dist/relay/cli/index.js of another tree> adds that build to the
// same rounds as `relay-base` (a same-run A/B).
// BENCH_QUICK=1 runs smaller loops (for a smoke check; the numbers are then noisier).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { streamOnce, percentile } from './relay/client.mjs';
import { findNginx, startNginx } from './relay/nginx.mjs';
import { cpuMicrosFine, memory } from './relay/procstat.mjs';
import { judge } from './relay/rounds.mjs';
import { replyLength, requestBody } from './relay/sse.mjs';
import { track, waitForLine } from './relay/processes.mjs';

const root = resolve(import.meta.dirname, '..');
const quick = process.env.BENCH_QUICK === '1';
// Issue 12: with its default request log, relay CPU per streamed event ≤ 1.15× the bare Node proxy's and added
// TTFB within 0.15 ms of it.
const GUARD = { cpuRatio: 1.15, addedTtfbMs: 0.15 };
const CONFIG = {
  // Warm-up: a Node process keeps optimizing (TurboFan, on its other threads) for the first ~2,000 requests; with
  // 300 the relay's measured requests still paid for that (~0.1 ms p50, ~2× the CPU per request) while nginx has
  // no JIT to warm. 2,000 per target costs ~1 s.
  // Rounds alternate between targets, relay and bare proxy side by side, so load from other processes on a shared
  // machine lands on both alike; the guard compares each relay round with the bare-proxy round next to it.
  // 40 rounds of 200 (was 20 of 100): the guard's 95 % interval for the median round is set by the spread of the
  // rounds, and on a shared machine a few rounds land on someone else's burst; more and larger rounds narrow it
  // (~25 s). Each round first sends `roundWarmup` requests it does not count, to every target alike: the first
  // requests after the other targets' turn find a process that was idle (caches, scheduler) and measure that.
  // BENCH_TTFB_ROUNDS / BENCH_TTFB_PER_ROUND override both counts.
  ttfb: {
    warmup: quick ? 200 : 2000,
    rounds: Number(process.env.BENCH_TTFB_ROUNDS) || (quick ? 4 : 40),
    perRound: Number(process.env.BENCH_TTFB_PER_ROUND) || (quick ? 50 : 200),
    roundWarmup: quick ? 5 : 20,
    events: 4,
  },
  // The goal's shape: 50 clients, 200-event streams (2 ms apart, ~0.5 s a stream); one stream per client a round.
  cpu: { clients: 50, streamsPerRound: 1, rounds: quick ? 4 : 20, events: 200, intervalMs: 2 },
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

async function startRelay(upstreamPort, cli = join(root, 'dist/relay/cli/index.js')) {
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
const cpuOf = (pids) => sum(pids.map(cpuMicrosFine));
const peakKbOf = (pids) => sum(pids.map((pid) => memory(pid).peakKb));

/**
 * Targets in the order of round `round`: the relay(s) on either side of the bare proxy, reversed every other round,
 * so each relay round has a bare-proxy round next to it and neither always runs first.
 */
function roundOrder(targets, round) {
  const byName = (name) => targets.find((t) => t.name === name);
  const pair = [byName('relay'), byName('node-floor'), byName('relay-base')].filter(Boolean);
  const rest = targets.filter((t) => !pair.includes(t));
  return [...(round % 2 ? pair.reverse() : pair), ...rest];
}

/** 1. Sequential requests from one kept-alive client; rounds alternate between targets to spread drift evenly. */
async function measureTtfb(targets) {
  const { warmup, rounds, perRound, roundWarmup, events } = CONFIG.ttfb;
  const body = requestBody(events, 0);
  const expected = replyLength(events);
  const samples = new Map(targets.map((t) => [t.name, []]));
  const p50s = new Map(targets.map((t) => [t.name, []]));
  const agents = new Map(targets.map((t) => [t.name, new Agent({ keepAlive: true, maxSockets: 1 })]));
  let broken = 0;
  for (const target of targets) {
    for (let i = 0; i < warmup; i++) await streamOnce(agents.get(target.name), target.port, body, expected);
  }
  for (let round = 0; round < rounds; round++) {
    for (const target of roundOrder(targets, round)) {
      const roundSamples = [];
      for (let i = 0; i < roundWarmup; i++) await streamOnce(agents.get(target.name), target.port, body, expected);
      for (let i = 0; i < perRound; i++) {
        const result = await streamOnce(agents.get(target.name), target.port, body, expected);
        if (!result.ok) broken++;
        if (result.ttfbMs !== null) roundSamples.push(result.ttfbMs);
      }
      samples.get(target.name).push(...roundSamples);
      p50s.get(target.name).push(
        percentile(
          roundSamples.sort((a, b) => a - b),
          50,
        ),
      );
    }
  }
  for (const agent of agents.values()) agent.destroy();
  const out = {};
  for (const [name, list] of samples) {
    const sorted = list.sort((a, b) => a - b);
    out[name] = {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      n: sorted.length,
      roundP50: p50s.get(name),
    };
  }
  return { byTarget: out, broken };
}

/** 2. 50 clients, one stream each per round; CPU of the proxy process(es) per event, per round and pooled. */
async function measureCpu(targets) {
  const { clients, streamsPerRound, rounds, events, intervalMs } = CONFIG.cpu;
  const body = requestBody(events, intervalMs);
  const expected = replyLength(events);
  const runs = new Map(
    targets.map((target) => [
      target.name,
      {
        target,
        agent: new Agent({ keepAlive: true, maxSockets: clients }),
        cpu: 0,
        wallMs: 0,
        streams: 0,
        broken: 0,
        perRound: [],
      },
    ]),
  );
  // warm-up: one round per target so JIT and connection pools are ready
  for (const run of runs.values())
    await Promise.all(Array.from({ length: clients }, () => streamOnce(run.agent, run.target.port, body, expected)));
  for (let round = 0; round < rounds; round++) {
    for (const target of roundOrder(targets, round)) {
      const run = runs.get(target.name);
      const pids = target.pids?.() ?? [];
      const cpuBefore = cpuOf(pids);
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          for (let i = 0; i < streamsPerRound; i++) {
            const result = await streamOnce(run.agent, target.port, body, expected);
            if (!result.ok) run.broken++;
          }
        }),
      );
      const cpu = cpuOf(pids) - cpuBefore;
      run.wallMs += Number(process.hrtime.bigint() - started) / 1e6;
      run.cpu += cpu;
      run.streams += clients * streamsPerRound;
      run.perRound.push(pids.length ? cpu / (clients * streamsPerRound * events) : null);
    }
  }
  const out = {};
  for (const run of runs.values()) {
    run.agent.destroy();
    const totalEvents = run.streams * events;
    const measured = (run.target.pids?.() ?? []).length > 0;
    out[run.target.name] = {
      cpuMicrosPerEvent: measured ? run.cpu / totalEvents : null,
      cpuMicros: run.cpu,
      events: totalEvents,
      wallMs: run.wallMs,
      broken: run.broken,
      roundMicrosPerEvent: run.perRound,
    };
  }
  return out;
}

/**
 * Issue 12's guard, judged per round: relay CPU per event ≤ 1.15× the bare Node proxy's in the same round, and
 * the relay's p50 time to first byte ≤ 0.15 ms over the bare proxy's in the same round.
 */
function guardOf(ttfb, cpu, name = 'relay') {
  const relayCpu = cpu[name].roundMicrosPerEvent;
  const floorCpu = cpu['node-floor'].roundMicrosPerEvent;
  const relayP50 = ttfb.byTarget[name].roundP50;
  const floorP50 = ttfb.byTarget['node-floor'].roundP50;
  return {
    cpu: {
      ...judge(
        relayCpu.map((v, i) => v / floorCpu[i]),
        GUARD.cpuRatio,
      ),
      pooled: cpu[name].cpuMicrosPerEvent / cpu['node-floor'].cpuMicrosPerEvent,
    },
    ttfb: {
      ...judge(
        relayP50.map((v, i) => v - floorP50[i]),
        GUARD.addedTtfbMs,
      ),
      pooled: ttfb.byTarget[name].p50 - ttfb.byTarget['node-floor'].p50,
    },
  };
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

/** The guard's verdict lines: the median of per-round figures, its 95 % interval, range and the pooled figure. */
function guardLines(label, guard, cpuOfTarget, ttfbOfTarget) {
  const { cpu, ttfb } = guard;
  const span = (j, f) =>
    `median ${f(j.median)} (95 % CI ${j.interval ? `${f(j.interval.low)}–${f(j.interval.high)}` : '—'}, ` +
    `rounds ${f(j.min)}–${f(j.max)}, n=${j.n}), pooled ${f(j.pooled)}`;
  const times = (v) => `${fmt(v, 2)}×`;
  const ms = (v) => `${v >= 0 ? '+' : ''}${fmt(v, 3)} ms`;
  return [
    `guard (issue 12), ${label}:` +
      (cpuOfTarget ? ` ${fmt(cpuOfTarget.cpuMicrosPerEvent, 2)} µs/event, TTFB p50 ${fmt(ttfbOfTarget.p50)} ms` : ''),
    `  CPU per event vs bare Node proxy, per round: ${span(cpu, times)} → ${cpu.verdict} (≤ ${cpu.limit}×)`,
    `  added TTFB p50 vs bare Node proxy, per round: ${span(ttfb, ms)} → ${ttfb.verdict} (≤ ${ttfb.limit} ms)`,
  ];
}

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
  // Same-run A/B: BENCH_RELAY_BASE=<another checkout>/dist/relay/cli/index.js runs that build as `relay-base` in the
  // same alternating rounds (TTFB and CPU steps only).
  const baseCli = process.env.BENCH_RELAY_BASE;
  const base = baseCli ? { name: 'relay-base', ...(await startRelay(upstream.port, resolve(baseCli))) } : null;
  const direct = { name: 'direct', port: upstream.port, pids: () => [upstream.child.pid] };
  const targets = [
    direct,
    { name: 'relay', ...relay },
    ...(nginx ? [{ name: 'nginx', ...nginx }] : []),
    floor,
    ...(base ? [base] : []),
  ];
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
    ...(base ? [base] : []),
    direct,
  ]);
  cpu.upstream = upstreamCpu;
  floor.stop();
  await base?.stop();
  const guard = guardOf(ttfb, cpu);
  const baseGuard = base ? guardOf(ttfb, cpu, 'relay-base') : null;

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
    '',
    ...guardLines('relay', guard),
    ...(baseGuard
      ? guardLines(`relay-base (${baseCli})`, baseGuard, cpu['relay-base'], ttfb.byTarget['relay-base'])
      : []),
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
    guard,
    ...(baseGuard ? { baseGuard, baseCli } : {}),
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
