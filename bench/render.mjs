// `npm run bench:render`: streaming render cost in Chromium (playwright-core + test/support/find-chrome.mjs).
// A 50 KB Markdown reply, cut into 6-character chunks, rendered
//   - incrementally (IncrementalMarkdown.append + flush per chunk: every chunk as its own frame, worst case),
//   - naively (marked + DOMPurify of the whole text so far, DOM replaced, per chunk),
// in the same browser run; plus the real <gpt-chat> consuming the same chunks as an SSE stream.
// Per chunk it measures the render script time and, apart, the style+layout it causes ("+layout" rows).
// Reports total main-thread time, the worst chunk, and the last-tenth / first-tenth per-chunk cost ratio.
// Targets: naive/element total ≥ 50× (the renderer alone at one flush per chunk is shown for scale), last/first
// ≤ 1.5, worst chunk ≤ 50 ms, no task over 50 ms. Writes bench/results/render.json. `--element-only` runs just the
// element; RENDER_PROFILE=file.cpuprofile / RENDER_TRACE=file.json record that run for DevTools (what a long task is).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { build } from 'vite';
import { launchBenchBrowser, serveBenchPage } from './bench-page.mjs';
import { makeReply } from './reply.mjs';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, '.tmp/bench-render');
const TARGET_BYTES = 50 * 1024;
const CHUNK = 6;
/** The math case: a 50 KB reply with 30 formulas keeps the same targets once KaTeX is loaded. */
const MATH_FORMULAS = 30;

/**
 * The same kind of reply, TARGET bytes in all, with `count` formulas spread evenly through it: inline ones in a
 * sentence and display blocks in turn (fractions, sums, roots, matrices — KaTeX's usual work).
 */
function makeMathReply(bytes, count) {
  const formula = (i) =>
    i % 2 === 0
      ? `The identity $e^{i\\pi} + 1 = 0$ and \\(\\sqrt{a_${i}^2 + b_${i}^2}\\) hold in case ${i}.\n\n`
      : `$$\n\\sum_{k=1}^{${i}} k^2 = \\frac{n(n+1)(2n+1)}{6}, \\quad \\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}\n$$\n\n`;
  const formulas = Array.from({ length: count }, (_, i) => formula(i));
  const base = makeReply(bytes - Buffer.byteLength(formulas.join(''), 'utf8'));
  const blocks = base.split('\n\n');
  const every = Math.floor(blocks.length / count);
  const out = [];
  for (let b = 0, f = 0; b < blocks.length; b++) {
    out.push(blocks[b] + (b < blocks.length - 1 ? '\n\n' : ''));
    if (f < count && (b + 1) % every === 0) out.push(formulas[f++]);
  }
  return out.join('');
}

/**
 * The page's main-thread tasks from a Chrome trace, by their own CPU time (tdur): the longest, how many took
 * 50 ms or more, and the five longest with what they ran. The main thread is the renderer main thread with the
 * most task time (CrRendererMain; Chrome_InProcRendererThread when Chromium runs single-process, as with
 * @sparticuz/chromium's own flags). `at` is ms from the question (console.timeStamp in render-page.ts).
 */
function mainThreadTasks(trace) {
  const events = trace.traceEvents ?? trace;
  const renderer = new Set(['CrRendererMain', 'Chrome_InProcRendererThread']);
  const mains = new Set(
    events.filter((e) => e.name === 'thread_name' && renderer.has(e.args?.name)).map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !mains.has(`${e.pid}:${e.tid}`)) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const total = (xs) => xs.filter((e) => e.name === 'RunTask').reduce((sum, e) => sum + e.dur, 0);
  const thread = [...byThread.values()].sort((a, b) => total(b) - total(a))[0] ?? [];
  thread.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Top-level tasks only (a nested run loop's RunTask is part of its parent's time).
  const tasks = [];
  for (const e of thread) {
    if (e.name !== 'RunTask') continue;
    const last = tasks.at(-1);
    if (!last || e.ts >= last.ts + last.dur) tasks.push(e);
  }
  const question = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'bench:question')?.ts ?? 0;
  const cpu = (e) => (e.tdur ?? e.dur) / 1000;
  // What a task ran: its largest inner events by CPU time (idle callback, animation frame, timer, paint, GC…).
  const inside = (task) => {
    const kids = thread.filter(
      (k) => k !== task && k.ts >= task.ts && k.ts + k.dur <= task.ts + task.dur && !/RunTask/.test(k.name),
    );
    const by = new Map();
    for (const k of kids) by.set(k.name, Math.max(by.get(k.name) ?? 0, cpu(k)));
    return [...by]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([n, ms]) => `${n} ${ms.toFixed(0)}`);
  };
  const ms = tasks.map(cpu);
  return {
    tasks: tasks.length,
    totalMs: ms.reduce((a, b) => a + b, 0),
    longestMs: Math.max(0, ...ms),
    over50: ms.filter((x) => x >= 50).length,
    longest: [...tasks]
      .sort((a, b) => cpu(b) - cpu(a))
      .slice(0, 5)
      .map((e) => ({ at: Math.round((e.ts - question) / 1000), cpuMs: +cpu(e).toFixed(1), ran: inside(e).join(', ') })),
  };
}

function stats(perChunk) {
  const n = perChunk.length;
  const tenth = Math.max(1, Math.floor(n / 10));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(perChunk.slice(0, tenth));
  const last = mean(perChunk.slice(n - tenth));
  return {
    totalMs: perChunk.reduce((a, b) => a + b, 0),
    worstMs: Math.max(...perChunk),
    firstTenthMeanMs: first,
    lastTenthMeanMs: last,
    lastOverFirst: last / first,
  };
}

async function taskDuration(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

// 1. Bundle the in-page half (production build: minified, Lit in production mode).
await build({
  configFile: false,
  logLevel: 'warn',
  root,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // RENDER_MINIFY=0: function names kept, for reading a profile (the figures are then not the shipped build's).
    minify: process.env.RENDER_MINIFY !== '0',
    lib: { entry: join(root, 'bench/render-page.ts'), formats: ['es'], fileName: () => 'render-page.js' },
    rolldownOptions: { output: { codeSplitting: false } },
  },
});

// 2. Serve it from 127.0.0.1.
const server = await serveBenchPage(outDir, 'render-page.js', 'render bench');
const browser = await launchBenchBrowser();
try {
  const tab = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  await tab.goto(server.url);
  await tab.waitForFunction(() => window.renderBench !== undefined);
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Performance.enable');

  const text = makeReply(TARGET_BYTES);
  const results = {};
  // --math-only: just the reply with 30 formulas (renderer + element), the KaTeX chunk loaded first.
  const mathOnly = process.argv.includes('--math-only');
  const mathText = makeMathReply(TARGET_BYTES, MATH_FORMULAS);
  // The element on the formula reply, traced: besides longtask entries (wall time, which other processes on a
  // busy machine stretch), the trace gives each task's own CPU time on the page's main thread. RENDER_TRACE_MATH=
  // file.json keeps the trace (RENDER_TRACE_INVALIDATIONS=1 adds style-invalidation records with stacks).
  const runMathElement = async () => {
    const trace = process.env.RENDER_TRACE_MATH ?? join(outDir, 'math-element-trace.json');
    const extra = [
      ...(process.env.RENDER_TRACE_INVALIDATIONS
        ? ['disabled-by-default-devtools.timeline.invalidationTracking', 'disabled-by-default-devtools.timeline.stack']
        : []),
      // RENDER_TRACE_PROFILE=1: JavaScript samples too (which function a long task ran).
      ...(process.env.RENDER_TRACE_PROFILE ? ['v8.execute', 'disabled-by-default-v8.cpu_profiler'] : []),
    ];
    await browser.startTracing(tab, {
      path: trace,
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', ...extra],
    });
    const beforeEl = await taskDuration(cdp);
    const element = await tab.evaluate(([t, size]) => window.renderBench.runElement(t, size), [mathText, CHUNK]);
    const mainThreadMs = (await taskDuration(cdp)) - beforeEl;
    await browser.stopTracing();
    return { ...element, mainThreadMs, cpu: mainThreadTasks(JSON.parse(readFileSync(trace, 'utf8'))) };
  };
  if (!(await tab.evaluate(() => window.renderBench.loadMath()))) throw new Error('the KaTeX chunk did not load');
  if (!process.argv.includes('--element-only')) {
    if (mathOnly) {
      // The baseline for --math-only: the same renderer on the reply without formulas, in the same run.
      const run = await tab.evaluate(([t, size]) => window.renderBench.runIncremental(t, size), [text, CHUNK]);
      results.incremental = { ...stats(run.perChunk), chunks: run.chunks, finishMs: run.finishMs };
    }
    const before = await taskDuration(cdp);
    const run = await tab.evaluate(([t, size]) => window.renderBench.runIncremental(t, size), [mathText, CHUNK]);
    const mainThreadMs = (await taskDuration(cdp)) - before;
    results['incremental-math'] = { ...stats(run.perChunk), chunks: run.chunks, finishMs: run.finishMs, mainThreadMs };
    results.elementMath = await runMathElement();
    console.error('math: done');
  } else if (mathOnly) {
    // --math-only --element-only: just the element on the formula reply, KaTeX loaded but never run yet.
    results.elementMath = await runMathElement();
  }
  if (mathOnly && process.argv.includes('--element-only')) {
    const e = results.elementMath;
    const longest = Math.max(0, ...e.longTasks);
    console.log(
      `<gpt-chat>, ${MATH_FORMULAS} formulas: wall ${e.wallMs.toFixed(0)} ms, main-thread ${e.mainThreadMs.toFixed(0)} ms, ` +
        `long tasks ${e.longTasks.length} (longest ${longest.toFixed(1)} ms) at ${JSON.stringify(e.longTaskStarts)} ms; ` +
        `by CPU time: longest task ${e.cpu.longestMs.toFixed(1)} ms, ${e.cpu.over50} of ${e.cpu.tasks} tasks ≥ 50 ms`,
    );
    for (const f of e.longFrames) console.log(JSON.stringify(f));
    console.log(`longest tasks by CPU time: ${JSON.stringify(e.cpu.longest)}`);
    process.exit(longest <= 50 ? 0 : 1);
  }
  if (mathOnly) {
    const m = results['incremental-math'];
    const longest = Math.max(0, ...results.elementMath.longTasks);
    console.log(
      `math reply: ${Buffer.byteLength(mathText)} bytes, ${MATH_FORMULAS} formulas, ${m.chunks} chunks of ${CHUNK} chars`,
    );
    console.log(
      `incremental: total ${m.totalMs.toFixed(1)} ms, worst chunk ${m.worstMs.toFixed(2)} ms, finish ${m.finishMs.toFixed(2)} ms, ` +
        `first-10% ${m.firstTenthMeanMs.toFixed(4)} ms/chunk, last-10% ${m.lastTenthMeanMs.toFixed(4)} ms/chunk, last/first ${m.lastOverFirst.toFixed(2)}`,
    );
    const plain = results.incremental;
    console.log(
      `same renderer, reply without formulas: total ${plain.totalMs.toFixed(1)} ms, worst chunk ${plain.worstMs.toFixed(2)} ms, ` +
        `first-10% ${plain.firstTenthMeanMs.toFixed(4)} ms/chunk, last-10% ${plain.lastTenthMeanMs.toFixed(4)} ms/chunk, ` +
        `last/first ${plain.lastOverFirst.toFixed(2)}; math/plain total ${(m.totalMs / plain.totalMs).toFixed(2)}×`,
    );
    console.log(
      `<gpt-chat>: wall ${results.elementMath.wallMs.toFixed(0)} ms, main-thread ${results.elementMath.mainThreadMs.toFixed(0)} ms, ` +
        `long tasks ${results.elementMath.longTasks.length} (longest ${longest.toFixed(1)} ms), rendered ${results.elementMath.rendered} chars; ` +
        `by CPU time: longest task ${results.elementMath.cpu.longestMs.toFixed(1)} ms, ${results.elementMath.cpu.over50} of ${results.elementMath.cpu.tasks} tasks ≥ 50 ms`,
    );
    // Where each long task fell (ms from sending the question) and what its frame ran: the trail to the cause.
    if (results.elementMath.longTasks.length)
      console.log(`long tasks at ${JSON.stringify(results.elementMath.longTaskStarts)} ms`);
    for (const f of results.elementMath.longFrames) console.log(JSON.stringify(f));
    console.log(`longest tasks by CPU time: ${JSON.stringify(results.elementMath.cpu.longest)}`);
    process.exit(m.lastOverFirst <= 1.5 && Math.max(m.worstMs, m.finishMs) <= 50 && longest <= 50 ? 0 : 1);
  }
  // --element-only: just the <gpt-chat> run (quick iteration; no comparison, no results file).
  const elementOnly = process.argv.includes('--element-only');
  for (const name of elementOnly ? [] : ['incremental', 'naive']) {
    const before = await taskDuration(cdp);
    const run = await tab.evaluate(
      ([fn, t, size]) => window.renderBench[fn](t, size),
      [name === 'incremental' ? 'runIncremental' : 'runNaive', text, CHUNK],
    );
    const mainThreadMs = (await taskDuration(cdp)) - before;
    results[name] = { ...stats(run.perChunk), chunks: run.chunks, finishMs: run.finishMs, mainThreadMs };
    const both = run.perChunk.map((x, i) => x + run.perChunkLayout[i]);
    results[`${name}+layout`] = { ...stats(both), chunks: run.chunks, finishMs: run.finishMs, mainThreadMs };
    console.error(`${name}: done`);
  }
  // RENDER_PROFILE=file.cpuprofile: a CPU profile of the <gpt-chat> run (open in Chrome DevTools, Performance tab),
  // to see what a long task is made of. Sampling every 100 µs adds a little to every figure of that run.
  const profile = process.env.RENDER_PROFILE;
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  // RENDER_TRACE=file.json: a Chrome trace of the same run (tasks, layout, GC, compile; DevTools, Performance tab).
  const trace = process.env.RENDER_TRACE;
  if (trace)
    await browser.startTracing(tab, {
      path: trace,
      categories: ['devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-devtools.timeline'],
    });
  const before = await taskDuration(cdp);
  const element = await tab.evaluate(([t, size]) => window.renderBench.runElement(t, size), [text, CHUNK]);
  const elementMainThreadMs = (await taskDuration(cdp)) - before;
  if (profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  if (trace) await browser.stopTracing();

  if (elementOnly) {
    console.log(JSON.stringify({ ...element, mainThreadMs: elementMainThreadMs }, null, 1));
    process.exit(0);
  }
  const inc = results['incremental'];
  const naive = results['naive'];
  const speedup = naive.totalMs / inc.totalMs;
  const speedupLayout = results['naive+layout'].totalMs / results['incremental+layout'].totalMs;
  const longest = Math.max(0, ...element.longTasks);
  const elementSpeedup = naive.mainThreadMs / elementMainThreadMs;
  const mathRun = results['incremental-math'];
  const mathWorst = Math.max(mathRun.worstMs, mathRun.finishMs);
  const mathLongest = Math.max(0, ...results.elementMath.longTasks);
  const elementMath = results.elementMath;
  delete results.elementMath;
  const checks = {
    // "through the element": all main-thread time of <gpt-chat> consuming the stream (SSE parsing, Lit,
    // one incremental flush per animation frame) vs the naive per-chunk re-render.
    naiveOverElement: { value: elementSpeedup, target: '>= 50', pass: elementSpeedup >= 50 },
    lastOverFirst: { value: inc.lastOverFirst, target: '<= 1.5', pass: inc.lastOverFirst <= 1.5 },
    worstChunkMs: {
      value: Math.max(inc.worstMs, inc.finishMs),
      target: '<= 50',
      pass: Math.max(inc.worstMs, inc.finishMs) <= 50,
    },
    elementLongestTaskMs: { value: longest, target: '<= 50 (longtask entries)', pass: longest <= 50 },
    mathLastOverFirst: { value: mathRun.lastOverFirst, target: '<= 1.5', pass: mathRun.lastOverFirst <= 1.5 },
    mathWorstChunkMs: { value: mathWorst, target: '<= 50', pass: mathWorst <= 50 },
    mathElementLongestTaskMs: { value: mathLongest, target: '<= 50 (longtask entries)', pass: mathLongest <= 50 },
  };

  const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
  console.log(
    `reply: ${Buffer.byteLength(text)} bytes, ${text.length} chars, ${inc.chunks} chunks of ${CHUNK} chars\n`,
  );
  console.log(
    'run                 total ms  main-thread ms  worst ms  first-10% ms/chunk  last-10% ms/chunk  last/first',
  );
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(18)} ${f(r.totalMs, 1).padStart(9)} ${f(r.mainThreadMs, 1).padStart(15)} ${f(r.worstMs).padStart(9)} ${f(r.firstTenthMeanMs, 4).padStart(19)} ${f(r.lastTenthMeanMs, 4).padStart(18)} ${f(r.lastOverFirst).padStart(11)}`,
    );
  }
  // The renderer alone, one flush per chunk (every chunk its own frame: a slow stream's worst case). For scale,
  // not a target: the issue's ≥ 50× is for the reply streamed through the element (naiveOverElement).
  console.log(
    `\nnaive / incremental total (renderer alone, for scale): ${f(speedup, 1)}× (with forced layout per chunk: ${f(speedupLayout, 1)}×)`,
  );
  console.log(`incremental finish(): ${f(inc.finishMs)} ms`);
  console.log(
    `<gpt-chat> end to end (SSE from memory, flush per animation frame): wall ${f(element.wallMs, 0)} ms, main-thread ${f(elementMainThreadMs, 0)} ms, ` +
      `${element.frames} frames, long tasks ${element.longTasks.length} (longest ${f(longest, 1)} ms), rendered ${element.rendered} chars`,
  );
  console.log(
    `<gpt-chat>, ${Buffer.byteLength(mathText)}-byte reply with ${MATH_FORMULAS} formulas (KaTeX loaded): wall ${f(elementMath.wallMs, 0)} ms, ` +
      `main-thread ${f(elementMath.mainThreadMs, 0)} ms, long tasks ${elementMath.longTasks.length} (longest ${f(mathLongest, 1)} ms)`,
  );
  console.log('\ntargets:');
  for (const [name, c] of Object.entries(checks))
    console.log(`  ${c.pass ? 'PASS' : 'FAIL'} ${name} = ${f(c.value)} (target ${c.target})`);

  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/render.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        chromium: browser.version(),
        replyBytes: Buffer.byteLength(text),
        chunkChars: CHUNK,
        runs: results,
        element: { ...element, mainThreadMs: elementMainThreadMs },
        mathReply: { bytes: Buffer.byteLength(mathText), formulas: MATH_FORMULAS, element: elementMath },
        checks,
      },
      null,
      2,
    ) + '\n',
  );
  if (!Object.values(checks).every((c) => c.pass)) process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
