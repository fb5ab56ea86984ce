// `npm run bench:floor` (node bench/relay-floor.mjs): where the relay's CPU per streamed event stands between nginx
// and the cheapest proxies Node itself can run, all in one run on the fake upstream of bench:relay. Same measurement as
// bench:relay's step 2 (50 kept-alive clients, streams of 100 events 2 ms apart, utime + stime of the proxy
// process per event; rounds alternate between targets) and step 1 (added TTFB p50 over direct, 1 client).
// The Node proxies in bench/floor/ do nothing but move bytes (no guards, no logs, no heartbeat): they are what
// any Node relay costs at least, so they tell how much of the gap to nginx is Node's and how much the relay's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { streamOnce, percentile } from './relay/client.mjs';
import { findNginx, startNginx } from './relay/nginx.mjs';
import { cpuMicros } from './relay/procstat.mjs';
import { replyLength, requestBody } from './relay/sse.mjs';
import { track, waitForLine } from './relay/processes.mjs';

const root = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.FLOOR_ROUNDS ?? 4);
const CLIENTS = 50;
const STREAMS_PER_ROUND = 2;
const EVENTS = 100;
const INTERVAL_MS = 2;
const TTFB_WARMUP = 2000;
const TTFB_N = 1000;

async function startNode(name, args) {
  const child = track(
    spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    }),
  );
  const match = await waitForLine(child.stderr, /listening on http:\/\/127\.0\.0\.1:(\d+)\//, name);
  return { name, port: Number(match[1]), pids: () => [child.pid], stop: () => child.kill('SIGKILL') };
}

async function main() {
  const up = track(
    spawn(process.execPath, [join(root, 'bench/relay/upstream.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  const upstreamPort = Number((await waitForLine(up.stdout, /\{"port":(\d+)\}/, 'fake upstream'))[1]);
  const base = `http://127.0.0.1:${upstreamPort}`;
  const tmp = mkdtempSync(join(tmpdir(), 'gpt-chat-floor-'));
  const targets = [];
  const nginxBin = findNginx();
  if (nginxBin) targets.push({ name: 'nginx', ...(await startNginx(nginxBin, join(tmp, 'nginx'), upstreamPort)) });
  const relayArgs = [
    join(root, 'dist/relay/cli/index.js'),
    '--port',
    '0',
    '--upstream',
    `${base}/v1`,
    '--api-key',
    'bench-key-not-real',
    '--rate-limit',
    '0',
  ];
  targets.push(await startNode('relay', relayArgs));
  // FLOOR_RELAY_VARIANT="name:--node-flag …": a second relay with Node flags, for an A/B in the same run.
  if (process.env.FLOOR_RELAY_VARIANT) {
    const [name, ...flags] = process.env.FLOOR_RELAY_VARIANT.split(/[: ]+/);
    targets.push(await startNode(name, [...flags, ...relayArgs]));
  }
  for (const floor of (process.env.FLOOR_ONLY ?? 'undici-request,undici-dispatch,node-http,tcp-pipe').split(',')) {
    targets.push(await startNode(floor, [join(root, `bench/floor/${floor}.mjs`), base]));
  }
  const direct = { name: 'direct', port: upstreamPort };

  // TTFB: one kept-alive client per target, warm-up, then alternating rounds.
  const ttfbBody = requestBody(4, 0);
  const ttfbLength = replyLength(4);
  const all = [direct, ...targets];
  const agents = new Map(all.map((t) => [t.name, new Agent({ keepAlive: true, maxSockets: 1 })]));
  const ttfb = new Map(all.map((t) => [t.name, []]));
  for (const t of all)
    for (let i = 0; i < TTFB_WARMUP; i++) await streamOnce(agents.get(t.name), t.port, ttfbBody, ttfbLength);
  for (let round = 0; round < 5; round++) {
    for (const t of all) {
      for (let i = 0; i < TTFB_N / 5; i++)
        ttfb.get(t.name).push((await streamOnce(agents.get(t.name), t.port, ttfbBody, ttfbLength)).ttfbMs);
    }
  }
  const p50 = (name) =>
    percentile(
      ttfb
        .get(name)
        .filter((v) => v !== null)
        .sort((a, b) => a - b),
      50,
    );

  // CPU per event, 50 clients.
  const body = requestBody(EVENTS, INTERVAL_MS);
  const expected = replyLength(EVENTS);
  const runs = targets.map((t) => ({
    t,
    agent: new Agent({ keepAlive: true, maxSockets: CLIENTS }),
    cpu: 0,
    events: 0,
    broken: 0,
  }));
  for (const run of runs)
    await Promise.all(Array.from({ length: CLIENTS }, () => streamOnce(run.agent, run.t.port, body, expected)));
  for (let round = 0; round < ROUNDS; round++) {
    for (const run of runs) {
      const before = run.t.pids().reduce((a, pid) => a + cpuMicros(pid), 0);
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = 0; i < STREAMS_PER_ROUND; i++)
            if (!(await streamOnce(run.agent, run.t.port, body, expected)).ok) run.broken++;
        }),
      );
      run.cpu += run.t.pids().reduce((a, pid) => a + cpuMicros(pid), 0) - before;
      run.events += CLIENTS * STREAMS_PER_ROUND * EVENTS;
    }
  }
  const nginxCpu = runs.find((r) => r.t.name === 'nginx');
  const nginxPerEvent = nginxCpu ? nginxCpu.cpu / nginxCpu.events : null;
  const lines = [
    `${'proxy'.padEnd(18)}${'CPU µs/event'.padStart(14)}${'vs nginx'.padStart(10)}${'added TTFB p50 ms'.padStart(20)}${'broken'.padStart(8)}`,
  ];
  for (const run of runs) {
    const perEvent = run.cpu / run.events;
    lines.push(
      `${run.t.name.padEnd(18)}${perEvent.toFixed(2).padStart(14)}${(nginxPerEvent ? `${(perEvent / nginxPerEvent).toFixed(2)}×` : '—').padStart(10)}${(p50(run.t.name) - p50('direct')).toFixed(3).padStart(20)}${String(run.broken).padStart(8)}`,
    );
  }
  lines.push(
    `direct TTFB p50 ${p50('direct').toFixed(3)} ms; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs; node ${process.version}`,
  );
  console.log(lines.join('\n'));
  for (const run of runs) run.agent.destroy();
  for (const a of agents.values()) a.destroy();
  for (const t of targets) await t.stop();
  rmSync(tmp, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
