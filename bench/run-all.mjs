// `npm run bench`: every benchmark in one run, one table.
//   1. bench/size.mjs   (helper script of `npm run size`; needs `npm run build` first)  → bench/results/size.json
//   2. bench/relay.mjs  (`npm run bench:relay`: relay vs direct vs nginx)                 → bench/results/relay.json
//   3. bench/render.mjs (`npm run bench:render`: incremental vs naive re-render)          → bench/results/render.json
//   4. bench/image.mjs  (`npm run bench:image`: 12 MP photo, worker vs main thread)    → bench/results/image.json
//   5. bench/chat.mjs   (`npm run bench:chat`: long chats, typing during a stream, vs main) → bench/results/chat.json
//   6. bench/load.mjs   (1,000 streams for 60 s through the relay, RSS over time)         → bench/results/load.json
// Each runs as its own process, one after another (they would disturb each other's timings); a script that
// misses a target exits non-zero but its figures are still collected. Then one table is printed — each figure
// beside its baseline from the same run (direct and nginx for the relay, naive full re-render for the renderer,
// the size budget) and the ratio — written to bench/results/summary.md, and copied into BENCHMARKS.md between
// the "bench:table" markers (the rest of that file is left as it is).
//
//   node bench/run-all.mjs                 everything (~15–20 min on 2 cores: the naive renderer is slow by design)
//   BENCH_SKIP=render,load node bench/run-all.mjs
//   node bench/run-all.mjs --table-only    just rebuild the table from the existing bench/results/*.json
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const results = join(root, 'bench/results');
const tableOnly = process.argv.includes('--table-only');
const skip = new Set(
  (process.env.BENCH_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const BENCHES = [
  { name: 'size', script: 'bench/size.mjs', json: 'size.json', needs: 'dist/widget/gpt-chat.js' },
  { name: 'relay', script: 'bench/relay.mjs', json: 'relay.json', needs: 'dist/relay/cli/index.js' },
  { name: 'render', script: 'bench/render.mjs', json: 'render.json' },
  { name: 'image', script: 'bench/image.mjs', json: 'image.json' },
  { name: 'chat', script: 'bench/chat.mjs', json: 'chat.json' },
  { name: 'load', script: 'bench/load.mjs', json: 'load.json', needs: 'dist/relay/cli/index.js' },
];

const started = Date.now();
const runs = {};
mkdirSync(results, { recursive: true });

if (!tableOnly) {
  for (const bench of BENCHES) {
    if (skip.has(bench.name)) {
      runs[bench.name] = { status: 'skipped' };
      continue;
    }
    if (!existsSync(join(root, bench.script))) {
      runs[bench.name] = { status: `missing ${bench.script}` };
      continue;
    }
    if (bench.needs && !existsSync(join(root, bench.needs))) {
      console.error(`bench: ${bench.needs} is missing — building (npm run build)…`);
      const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }
    console.error(`\n=== ${bench.script} ===`);
    const t = Date.now();
    // Bounded: no benchmark may run longer than 30 minutes.
    const run = spawnSync(process.execPath, [join(root, bench.script)], {
      cwd: root,
      stdio: 'inherit',
      timeout: 30 * 60_000,
    });
    runs[bench.name] = {
      status: run.status === 0 ? 'ok' : run.signal ? `killed (${run.signal})` : `exit ${run.status} (a target missed)`,
      seconds: (Date.now() - t) / 1000,
    };
  }
}

/** A result file, and whether this run wrote it. */
function load(file) {
  const path = join(results, file);
  if (!existsSync(path)) return { data: null, fresh: false };
  const mtime = statSync(path).mtimeMs;
  return {
    data: JSON.parse(readFileSync(path, 'utf8')),
    fresh: mtime >= started,
    when: new Date(mtime).toISOString().slice(0, 16).replace('T', ' '),
  };
}

const num = (x, d = 2) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');
// A ratio against a zero or negative baseline (an "added" latency lost in noise) means nothing: shown as —.
const ratio = (a, b, d = 2) =>
  typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(d)}×` : '—';
const rows = [];
const row = (area, figure, value, baseline, r, target = '', pass) =>
  rows.push({
    area,
    figure,
    value,
    baseline,
    ratio: r,
    target: pass === undefined ? target : `${target}: **${pass ? 'met' : 'missed'}**`,
  });
const lte = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a <= b : undefined);
const sources = {};

{
  const { data: s, fresh, when } = load('size.json');
  sources.size = s ? (fresh ? 'this run' : `earlier run (${when} UTC)`) : 'no result';
  if (s) {
    const kb = (b) => b / 1024;
    row(
      'size',
      'initial bundle, gzip',
      `${num(kb(s.initialGzipBytes), 1)} KB`,
      `budget ${s.budgetKB} KB`,
      ratio(kb(s.initialGzipBytes), s.budgetKB),
      `≤ ${s.budgetKB} KB`,
      lte(kb(s.initialGzipBytes), s.budgetKB),
    );
    if (s.pipelineGzipBytes)
      row('size', 'Markdown pipeline chunk (lazy), gzip', `${num(kb(s.pipelineGzipBytes), 1)} KB`, '—', '—');
    if (s.mathGzipBytes)
      row('size', 'KaTeX chunk (lazy, first formula), gzip', `${num(kb(s.mathGzipBytes), 1)} KB`, '—', '—');
    if (s.diagramsGzipBytes)
      row('size', 'Mermaid chunks (lazy, first diagram), gzip', `${num(kb(s.diagramsGzipBytes), 1)} KB`, '—', '—');
  }
}
{
  const { data: r, fresh, when } = load('relay.json');
  sources.relay = r ? (fresh ? 'this run' : `earlier run (${when} UTC)`) : 'no result';
  if (r) {
    const t = r.ttfb?.byTarget ?? {};
    const added = (x, p) => (x && t.direct ? x[p] - t.direct[p] : null);
    row(
      'relay',
      'TTFB p50, 1 client',
      `${num(t.relay?.p50, 3)} ms`,
      `direct ${num(t.direct?.p50, 3)} ms`,
      ratio(t.relay?.p50, t.direct?.p50),
    );
    row(
      'relay',
      'added TTFB p50 (over direct)',
      `${num(added(t.relay, 'p50'), 3)} ms`,
      `nginx ${num(added(t.nginx, 'p50'), 3)} ms`,
      ratio(added(t.relay, 'p50'), added(t.nginx, 'p50')),
      'within 0.2 ms of nginx',
      t.nginx ? lte(added(t.relay, 'p50') - added(t.nginx, 'p50'), 0.2) : undefined,
    );
    row(
      'relay',
      'added TTFB p99 (over direct)',
      `${num(added(t.relay, 'p99'), 3)} ms`,
      `nginx ${num(added(t.nginx, 'p99'), 3)} ms`,
      ratio(added(t.relay, 'p99'), added(t.nginx, 'p99')),
    );
    row(
      'relay',
      'CPU per streamed event, 50 clients',
      `${num(r.cpu?.relay?.cpuMicrosPerEvent, 1)} µs`,
      `nginx ${num(r.cpu?.nginx?.cpuMicrosPerEvent, 1)} µs`,
      ratio(r.cpu?.relay?.cpuMicrosPerEvent, r.cpu?.nginx?.cpuMicrosPerEvent),
      '≤ 1.3× nginx',
      r.cpu?.nginx ? lte(r.cpu?.relay?.cpuMicrosPerEvent, 1.3 * r.cpu.nginx.cpuMicrosPerEvent) : undefined,
    );
    if (r.cpu?.['node-floor']) {
      const f = r.cpu['node-floor'].cpuMicrosPerEvent;
      row(
        'relay',
        'bare Node proxy (node:http + undici, bytes only): added TTFB p50',
        `${num(added(t['node-floor'], 'p50'), 3)} ms`,
        `nginx ${num(added(t.nginx, 'p50'), 3)} ms`,
        ratio(added(t['node-floor'], 'p50'), added(t.nginx, 'p50')),
      );
      row(
        'relay',
        'bare Node proxy: CPU per streamed event',
        `${num(f, 1)} µs`,
        `nginx ${num(r.cpu?.nginx?.cpuMicrosPerEvent, 1)} µs`,
        ratio(f, r.cpu?.nginx?.cpuMicrosPerEvent),
      );
      row(
        'relay',
        'relay CPU per event vs the bare Node proxy',
        `${num(r.cpu?.relay?.cpuMicrosPerEvent, 1)} µs`,
        `bare Node ${num(f, 1)} µs`,
        ratio(r.cpu?.relay?.cpuMicrosPerEvent, f),
      );
    }
    // Issue 12's guard, judged on per-round figures (bench/relay/rounds.mjs): met only when the run can tell.
    const g = r.guard;
    if (g) {
      const ci = (j, d, unit) =>
        j.interval ? `95 % CI ${num(j.interval.low, d)}–${num(j.interval.high, d)}${unit}` : '—';
      row(
        'relay',
        'CPU per event / bare Node proxy, median of per-round ratios',
        `${num(g.cpu.median, 2)}×`,
        ci(g.cpu, 2, '×'),
        `${g.cpu.verdict}`,
        `≤ ${g.cpu.limit}×`,
        g.cpu.verdict === 'undecided' ? undefined : g.cpu.verdict === 'holds',
      );
      row(
        'relay',
        'added TTFB p50 − bare Node proxy, median of per-round differences',
        `${num(g.ttfb.median, 3)} ms`,
        ci(g.ttfb, 3, ' ms'),
        `${g.ttfb.verdict}`,
        `≤ ${g.ttfb.limit} ms`,
        g.ttfb.verdict === 'undecided' ? undefined : g.ttfb.verdict === 'holds',
      );
    }
    row(
      'relay',
      '1,000 concurrent streams: broken',
      String(r.many?.relay?.broken ?? '—'),
      `nginx ${r.many?.nginx?.broken ?? '—'}, direct ${r.many?.direct?.broken ?? '—'}`,
      '—',
      '0',
      r.many?.relay?.broken === 0,
    );
    row(
      'relay',
      '1,000 concurrent streams: peak RSS',
      `${num(r.many?.relay?.peakRssMB, 1)} MB`,
      `nginx ${num(r.many?.nginx?.peakRssMB, 1)} MB`,
      ratio(r.many?.relay?.peakRssMB, r.many?.nginx?.peakRssMB),
      '≤ 150 MB',
      lte(r.many?.relay?.peakRssMB, 150),
    );
  }
}
{
  const { data: d, fresh, when } = load('render.json');
  sources.render = d ? (fresh ? 'this run' : `earlier run (${when} UTC)`) : 'no result';
  if (d) {
    const inc = d.runs?.incremental;
    const naive = d.runs?.naive;
    if (d.checks?.naiveOverElement) {
      row(
        'render',
        `<gpt-chat>, 50 KB reply in ${d.chunkChars}-char chunks over SSE: main-thread time`,
        `${num(d.element?.mainThreadMs, 0)} ms`,
        `naive ${num(naive?.totalMs, 0)} ms`,
        `${num(d.checks.naiveOverElement.value, 1)}× less`,
        '≥ 50× less than naive',
        d.checks.naiveOverElement.pass,
      );
    }
    row(
      'render',
      `renderer alone, every chunk its own frame (worst case): total`,
      `${num(inc?.totalMs, 0)} ms`,
      `naive ${num(naive?.totalMs, 0)} ms`,
      `${ratio(naive?.totalMs, inc?.totalMs, 1)} less`,
      'for scale only: the ≥ 50× target is the element’s (row above), which draws once per frame',
    );
    row(
      'render',
      'worst chunk',
      `${num(inc?.worstMs, 1)} ms`,
      `naive ${num(naive?.worstMs, 1)} ms`,
      ratio(inc?.worstMs, naive?.worstMs),
      '≤ 50 ms',
      lte(inc?.worstMs, 50),
    );
    row(
      'render',
      'last-tenth / first-tenth cost per chunk',
      num(inc?.lastOverFirst),
      `naive ${num(naive?.lastOverFirst)}`,
      ratio(inc?.lastOverFirst, naive?.lastOverFirst),
      '≤ 1.5',
      lte(inc?.lastOverFirst, 1.5),
    );
    const longest = d.checks?.elementLongestTaskMs?.value;
    row(
      'render',
      '<gpt-chat> end to end: longest main-thread task',
      `${num(longest, 0)} ms`,
      'budget 50 ms',
      ratio(longest, 50),
      '≤ 50 ms',
      lte(longest, 50),
    );
  }
}
{
  const { data: im, fresh, when } = load('image.json');
  sources.image = im ? (fresh ? 'this run' : `earlier run (${when} UTC)`) : 'no result';
  if (im) {
    row(
      'image',
      '12 MP photo ready to send (2048 px JPEG ≤ 1 MB), median, worker',
      `${num(im.worker.medianMs, 0)} ms`,
      `main thread ${num(im.main.medianMs, 0)} ms`,
      ratio(im.worker.medianMs, im.main.medianMs),
      '≤ 500 ms',
      lte(im.worker.medianMs, 500),
    );
    row(
      'image',
      'longest main-thread task while preparing it',
      `${num(im.worker.longestTaskMs, 0)} ms`,
      `main thread ${num(im.main.longestTaskMs, 0)} ms`,
      '—',
      '≤ 50 ms',
      lte(im.worker.longestTaskMs, 50),
    );
  }
}
{
  const { data: c, fresh, when } = load('chat.json');
  sources.chat = c ? (fresh ? 'this run' : `earlier run (${when} UTC)`) : 'no result';
  if (c?.cur && c?.main) {
    const { cur, main } = c;
    const typed = (t) => (t.eventTimingP95 > 16 ? `${num(t.eventTimingP95, 0)} ms` : '< 16 ms');
    const keys = (t) => `${t.eventTimingOver16}/${t.keys} keys > 16 ms`;
    row(
      'chat',
      'typing while a 50 KB reply streams: input-to-next-paint p95 (Event Timing)',
      `${typed(cur.typing.streaming)} (${keys(cur.typing.streaming)})`,
      `main ${typed(main.typing.streaming)} (${keys(main.typing.streaming)}); idle ${typed(cur.typing.idle)}` +
        (c.bare ? `; bare <textarea> beside a stream ${typed(c.bare.streaming)}` : ''),
      ratio(cur.typing.streaming.eventTimingP95, main.typing.streaming.eventTimingP95),
      '≤ 16 ms',
      c.checks?.typingP95Ms?.pass,
    );
    row(
      'chat',
      'typing while streaming: next frame after the key (rAF + task), p95',
      `${num(cur.typing.streaming.p95, 1)} ms`,
      `main ${num(main.typing.streaming.p95, 1)} ms; idle ${num(cur.typing.idle.p95, 1)} ms`,
      ratio(cur.typing.streaming.p95, main.typing.streaming.p95),
    );
    row(
      'chat',
      `open a ${cur.open1000.messages}-message chat (${num(cur.open1000.markdownBytes / 1024, 0)} KB): last screen painted`,
      `${num(cur.open1000.openMs, 0)} ms`,
      `main ${num(main.open1000.openMs, 0)} ms; ${cur.open100.messages} messages ${num(cur.open100.openMs, 0)} ms`,
      ratio(cur.open1000.openMs, main.open1000.openMs),
      '≤ 150 ms',
      c.checks?.open1000Ms?.pass,
    );
    row(
      'chat',
      `memory (JS + DOM) of the ${cur.open1000.messages}-message chat vs the ${cur.open100.messages}-message one`,
      `${num(cur.open1000.memoryMB, 1)} MB`,
      `${cur.open100.messages} messages ${num(cur.open100.memoryMB, 1)} MB; main ${num(main.open1000.memoryMB, 1)} MB`,
      ratio(cur.open1000.memoryMB, cur.open100.memoryMB),
      '≤ 1.5×',
      c.checks?.memory1000Over100?.pass,
    );
    row(
      'chat',
      'scrolling up a long chat: largest move of the message in view',
      `${num(cur.open1000.maxScrollJumpPx, 1)} px`,
      `main ${num(main.open1000.maxScrollJumpPx, 1)} px`,
      '—',
      '≤ 1 px',
      lte(cur.open1000.maxScrollJumpPx, 1),
    );
  }
}
{
  const { data: l, fresh, when } = load('load.json');
  sources.load = l ? (fresh ? 'this run' : `earlier run (${when} UTC)`) : 'no result';
  if (l) {
    row(
      'load',
      `${l.config.streams} concurrent streams for ${l.config.seconds} s: broken or truncated`,
      `${l.broken} of ${l.completed + l.broken}`,
      '0',
      '—',
      '0',
      l.broken === 0,
    );
    row(
      'load',
      `relay RSS, mean of last ${l.config.windowSeconds} s vs first ${l.config.windowSeconds} s${l.warmUp ? ` (after ${num(l.warmUp.ms / 1000, 0)} s warm-up: every stream replaced once)` : ''}`,
      `${num(l.rss.lastWindowMeanMB, 1)} MB`,
      `first ${num(l.rss.firstWindowMeanMB, 1)} MB`,
      ratio(l.rss.lastWindowMeanMB, l.rss.firstWindowMeanMB),
      'no growth (≤ 1.10×)',
      lte(l.rss.lastWindowMeanMB, 1.1 * l.rss.firstWindowMeanMB),
    );
    if (l.liveHeap?.windowEndMB) {
      const h = l.liveHeap;
      row(
        'load',
        'relay live heap after forced GC, end vs start of the window',
        `${num(h.windowEndMB, 1)} MB`,
        `start ${num(h.windowStartMB, 1)} MB (idle ${num(h.idleMB, 1)}, after drain ${num(h.afterDrainMB, 1)})`,
        ratio(h.windowEndMB, h.windowStartMB),
        'no leak (≤ 1.10×)',
        lte(h.windowEndMB, 1.1 * h.windowStartMB),
      );
    }
  }
}

const header = ['area', 'figure', 'value', 'baseline (same run)', 'ratio', 'target'];
const lines = [
  `| ${header.join(' | ')} |`,
  `|${header.map((h, i) => (i >= 2 && i <= 4 ? '---:' : '---')).join('|')}|`,
  ...rows.map((r) => `| ${[r.area, r.figure, r.value, r.baseline, r.ratio, r.target].join(' | ')} |`),
];
const meta =
  `${tableOnly ? 'Table built' : 'Run of'} ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'CPU'}, Node ${process.version}, ` +
  `load average ${num(loadavg()[0], 1)} at the end. Results: ${Object.entries(sources)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}` +
  (Object.keys(runs).length
    ? `; scripts: ${Object.entries(runs)
        .map(([k, v]) => `${k} ${v.status}`)
        .join(', ')}`
    : '') +
  '.';
const table = `${meta}\n\n${lines.join('\n')}\n`;

console.log(`\n${table}`);
writeFileSync(join(results, 'summary.md'), table);

const START = '<!-- bench:table:start (written by `npm run bench`; edit outside the markers) -->';
const END = '<!-- bench:table:end -->';
const docPath = join(root, 'BENCHMARKS.md');
if (existsSync(docPath)) {
  const doc = readFileSync(docPath, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a >= 0 && b > a) {
    writeFileSync(docPath, doc.slice(0, a + START.length) + '\n' + table + doc.slice(b));
    console.error('updated the table in BENCHMARKS.md');
  } else {
    console.error('BENCHMARKS.md has no bench:table markers: table not copied');
  }
}
