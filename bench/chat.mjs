// `npm run bench:chat`: the element stays fast with long chats and long replies, in Chromium (playwright-core),
// this tree ("cur") against a build of another ref ("main", default `main`; CHAT_BASELINE_REF=…) in the same run.
//   1. Typing while a 50 KB reply streams from a local upstream (two SSE events of 6 characters every 5 ms,
//      ~2.4 KB/s, a fast model): real key events (CDP Input.dispatchKeyEvent, one every 60 ms) into the
//      element's textarea; per key the input-to-next-paint time (rAF after the keydown, then the task after
//      that frame) and its Event Timing interaction (entries grouped by interactionId, matched to the keydown).
//      Baselines: the same typing while idle, and a bare <textarea> (idle, and beside the same stream drawn as
//      plain text once per frame): the floor of this browser on this machine.
//   2. Opening a chat of 1,000 messages (~500 KB of Markdown with code blocks) and of 100: time until the last
//      screen is painted at the bottom, JS heap after a forced GC and DOM nodes; then scrolling up 40 × 300 px,
//      how far the message under the top edge moves (scroll anchoring: should be ~0).
// Memory: performance.measureUserAgentSpecificMemory() (JS heap + DOM) after a forced GC. CHAT_DEBUG=1 prints the
// slowest key interactions (Event Timing: waiting, handlers, until the paint).
// Targets: typing p95 (Event Timing) ≤ 16 ms; open 1,000 ≤ 150 ms; memory(1,000) ≤ 1.5 × memory(100).
// Writes bench/results/chat.json.
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { findChrome } from '../test/support/find-chrome.mjs';
import { makeReply } from './reply.mjs';
import { analyzeTrace } from './chat-trace.mjs';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.tmp/bench-chat');
const REF = process.env.CHAT_BASELINE_REF ?? 'main';
const REPLY_BYTES = 50 * 1024;
const KEY_INTERVAL_MS = 60;
/** CHAT_TRACE=file.json: traces of typing while streaming (file-cur.json, file-main.json), then where the keys' time
 *  went (chat-trace.mjs; the slowest keys with CHAT_DEBUG=1). Tracing slows the page: figures are for comparing. */
const TRACE_CATEGORIES = ['devtools.timeline', 'blink', 'v8.execute', 'toplevel', 'cc', 'viz', 'gpu'];
/** SSE events (6 characters each) per write, one write every 5 ms: ~2.4 KB/s, a fast model's pace. */
const EVENTS_PER_WRITE = 2;

/** Builds the element of `tree` (vite library build, lazy chunks kept) into `out`. */
async function buildElement(tree, out) {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: tree,
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: join(tree, 'src/widget/index.ts'), formats: ['es'], fileName: () => 'gpt-chat.js' },
      rolldownOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
    },
  });
}

// 1. Both builds: this tree, and `git archive REF` unpacked beside it (sharing node_modules).
mkdirSync(work, { recursive: true });
const baseTree = join(work, 'baseline-src');
rmSync(baseTree, { recursive: true, force: true });
mkdirSync(baseTree, { recursive: true });
execFileSync('sh', ['-c', `git archive ${REF} | tar -x -C "${baseTree}"`], { cwd: root });
symlinkSync(join(root, 'node_modules'), join(baseTree, 'node_modules'));
const baseCommit = execFileSync('git', ['rev-parse', '--short', REF], { cwd: root, encoding: 'utf8' }).trim();
await buildElement(root, join(work, 'cur'));
await buildElement(baseTree, join(work, 'main'));

// 2. A chat of `count` messages: short questions, ~950-byte answers cut from the bench reply at block ends.
const blocks = makeReply(64 * 1024)
  .split('\n\n')
  .filter(Boolean);
function makeChat(count) {
  const messages = [];
  let b = 0;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      messages.push({ id: `m${i}`, role: 'user', content: `Question ${i}: how does part ${i} work? 第 ${i} 个问题` });
      continue;
    }
    let content = '';
    while (content.length < 900) content += blocks[b++ % blocks.length] + '\n\n';
    messages.push({ id: `m${i}`, role: 'assistant', content: content.trim(), status: 'complete' });
  }
  return messages;
}

// 3. One server: the page, both builds, and an OpenAI-compatible upstream streaming the 50 KB reply.
const reply = makeReply(REPLY_BYTES);
const types = { '.js': 'text/javascript', '.html': 'text/html; charset=utf-8' };
const server = createServer((req, res) => {
  // Cross-origin isolated, so performance.measureUserAgentSpecificMemory() (JS + DOM) is available.
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-embedder-policy', 'require-corp');
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/v1/chat/completions') return stream(res);
  const [, dir, ...rest] = url.pathname.split('/');
  if ((dir === 'cur' || dir === 'main') && rest.length) {
    const file = join(work, dir, ...rest);
    if (existsSync(file)) {
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      return res.end(readFileSync(file));
    }
  }
  if (url.pathname === '/chat-page.js') {
    res.writeHead(200, { 'content-type': types['.js'] });
    return res.end(readFileSync(join(root, 'bench/chat-page.js')));
  }
  res.writeHead(200, { 'content-type': types['.html'] });
  res.end(
    '<!doctype html><html lang="en"><meta charset="utf-8"><body><script type="module" src="/chat-page.js"></script>',
  );
});
function stream(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  const event = (delta, finish = null) =>
    `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let i = 0;
  const timer = setInterval(() => {
    let out = '';
    for (let k = 0; k < EVENTS_PER_WRITE && i < reply.length; k++, i += 6)
      out += event({ content: reply.slice(i, i + 6) });
    if (i >= reply.length) {
      clearInterval(timer);
      out += event({}, 'stop') + 'data: [DONE]\n\n';
      res.end(out);
    } else res.write(out);
  }, 5);
  res.on('close', () => clearInterval(timer));
}
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const { executablePath, args } = await findChrome();
// ForceEagerMeasureMemory: measureUserAgentSpecificMemory() answers at once instead of at the next natural GC.
const browser = await chromium.launch({
  executablePath,
  args: [...args, '--enable-blink-features=ForceEagerMeasureMemory'],
  headless: true,
});

/**
 * Headless Chromium sizes its window to the emulated viewport, but the window's browser UI takes ~87 px of it, so the
 * bottom of the viewport — where the element's composer is — lies outside the surface the display draws. A frame
 * whose only change is a typed character there is then not drawn ("Draw skipped." in a trace), and Event Timing
 * takes its presentation from the next frame that is, up to 130 ms later. A taller window draws the whole viewport.
 */
async function fitWindow(tab) {
  const cdp = await tab.context().newCDPSession(tab);
  const { windowId, bounds } = await cdp.send('Browser.getWindowForTarget');
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { height: bounds.height + 200 } });
  await cdp.detach();
}

async function page(buildName) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const tab = await context.newPage();
  await fitWindow(tab);
  await tab.goto(`${origin}/?build=${buildName}`);
  await tab.waitForFunction(() => window.chatBenchReady === true);
  return { tab, close: () => context.close() };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
/** Per key: Event Timing input-to-next-paint (its interaction's longest entry; none = < 16 ms, as 8) and rAF. */
function summarize(rec) {
  const paint = rec.keys.map((k) => k.paint).filter(Number.isFinite);
  const slow = rec.keys.map((k) => k.interaction).filter(Boolean);
  const timing = rec.keys.map((k) => k.interaction?.duration ?? 8);
  const med = (k) =>
    pct(
      slow.map((x) => x[k]),
      50,
    );
  return {
    slowMedianMs: { delay: med('delay'), handlers: med('handlers'), presentation: med('presentation') },
    keys: rec.keys.length,
    p50: pct(paint, 50),
    p95: pct(paint, 95),
    max: Math.max(...paint),
    over16: paint.filter((x) => x > 16).length,
    // Event Timing durations come in steps of 8 ms: 16 is [12, 20), "over 16" is 24 and up.
    eventTimingAt16: slow.filter((x) => x.duration === 16).length,
    eventTimingOver16: slow.filter((x) => x.duration > 16).length,
    eventTimingP50: pct(timing, 50),
    eventTimingP95: pct(timing, 95),
    eventTimingMax: Math.max(0, ...slow.map((x) => x.duration)),
    unmatchedInteractions: rec.unmatched,
  };
}

/** Types one key every KEY_INTERVAL_MS, while `busy()` holds (or `count` keys). */
async function typeKeys(tab, count, busy = async () => true) {
  await tab.evaluate(() => window.chatBench.recordKeys());
  const letters = 'the quick brown fox jumps over the lazy dog ';
  for (let i = 0; i < count && (await busy()); i++) {
    await tab.keyboard.press(letters[i % letters.length] === ' ' ? 'Space' : letters[i % letters.length]);
    await new Promise((r) => setTimeout(r, KEY_INTERVAL_MS));
  }
  const rec = await tab.evaluate(() => window.chatBench.stopKeys());
  if (process.env.CHAT_DEBUG) {
    const slow = rec.keys.map((k) => k.interaction).filter(Boolean);
    console.error(
      `unmatched interactions: ${rec.unmatched}`,
      JSON.stringify(slow.sort((a, b) => b.duration - a.duration).slice(0, 12)),
    );
  }
  return rec;
}

async function typing(buildName) {
  const { tab, close } = await page(buildName);
  try {
    await tab.evaluate(() => window.chatBench.mount());
    const idleTrace = process.env.CHAT_TRACE?.replace(/(\.json)?$/, `-${buildName}-idle.json`);
    if (idleTrace) await browser.startTracing(tab, { path: idleTrace, categories: TRACE_CATEGORIES });
    const idle = await typeKeys(tab, 60);
    if (idleTrace) {
      await browser.stopTracing();
      const { slowest: _, ...summary } = analyzeTrace(idleTrace, 0);
      console.error(`${buildName}: trace ${idleTrace}:`, JSON.stringify(summary));
    }
    await tab.keyboard.press('Control+a');
    await tab.keyboard.press('Backspace');
    await tab.evaluate(() => window.chatBench.send('Write a long answer.'));
    await tab.waitForFunction(() => window.chatBench.replyChars() > 0);
    let done = false;
    void tab.evaluate(() => window.chatBench.replyDone()).then(() => (done = true));
    // CHAT_PROFILE=file.cpuprofile: a CPU profile of this tree typing while streaming (DevTools, Performance tab).
    const profile = buildName === 'cur' && process.env.CHAT_PROFILE;
    const cdp = profile ? await tab.context().newCDPSession(tab) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const trace = process.env.CHAT_TRACE?.replace(/(\.json)?$/, `-${buildName}.json`);
    if (trace) await browser.startTracing(tab, { path: trace, categories: TRACE_CATEGORIES });
    const streaming = await typeKeys(tab, 1000, async () => !done);
    if (trace) {
      await browser.stopTracing();
      const { slowest, ...summary } = analyzeTrace(trace, 6);
      if (process.env.CHAT_DEBUG)
        console.error(`${buildName}: slowest keys in ${trace}:`, JSON.stringify(slowest, null, 1));
      console.error(`${buildName}: trace ${trace}:`, JSON.stringify(summary));
    }
    if (cdp) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const chars = await tab.evaluate(() => window.chatBench.replyChars());
    return { idle, streaming, replyChars: chars };
  } finally {
    await close();
  }
}

/** The floor: the same keys into a bare <textarea>, idle and while the same stream is drawn as plain text beside it. */
async function bare() {
  const { tab, close } = await page('cur');
  try {
    await tab.evaluate(() => window.chatBench.mountBare());
    const idle = await typeKeys(tab, 60);
    await tab.evaluate(() => window.chatBench.sendBare());
    await tab.waitForFunction(() => window.chatBench.replyChars() > 0);
    let done = false;
    void tab.evaluate(() => window.chatBench.replyDone()).then(() => (done = true));
    const streaming = await typeKeys(tab, 1000, async () => !done);
    const chars = await tab.evaluate(() => window.chatBench.replyChars());
    return { idle, streaming, replyChars: chars };
  } finally {
    await close();
  }
}

async function opening(buildName, count) {
  const { tab, close } = await page(buildName);
  try {
    const cdp = await tab.context().newCDPSession(tab);
    const messages = makeChat(count);
    // CHAT_OPEN_PROFILE=file.cpuprofile: a CPU profile of this tree opening the 1,000-message chat.
    const profile = buildName === 'cur' && count === 1000 && process.env.CHAT_OPEN_PROFILE;
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const open = await tab.evaluate((m) => window.chatBench.open(m), messages);
    if (profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    await new Promise((r) => setTimeout(r, 500));
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const memory = await tab.evaluate(() => window.chatBench.memory());
    const counts = await tab.evaluate(() => window.chatBench.counts());
    const jumps = await tab.evaluate(() => window.chatBench.scrollUp(300));
    return {
      messages: count,
      markdownBytes: messages.reduce((n, m) => n + Buffer.byteLength(m.content), 0),
      openMs: open.ms,
      frames: open.frames,
      memoryMB: memory / 2 ** 20,
      heapMB: usedSize / 2 ** 20,
      domNodes: dom.nodes,
      ...counts,
      maxScrollJumpPx: Math.max(0, ...jumps),
    };
  } finally {
    await close();
  }
}

const parts = (process.env.CHAT_PARTS ?? 'typing,open').split(',');
const partial = !!process.env.CHAT_ONLY || parts.length < 2;
const result = { date: new Date().toISOString(), chromium: browser.version(), baseline: `${REF} (${baseCommit})` };
try {
  // CHAT_ONLY=cur|main and CHAT_PARTS=typing|open: quicker runs while working (no results file then).
  // The builds take turns part by part, so load from other processes on a shared machine hits both alike.
  const builds = ['cur', 'main'].filter((x) => !process.env.CHAT_ONLY || x === process.env.CHAT_ONLY);
  for (const b of builds) result[b] = {};
  // CHAT_ROUNDS=n: the typing parts n times, taking turns (this tree, main, the floor), keys pooled per figure.
  const rounds = Number(process.env.CHAT_ROUNDS ?? 1);
  const withBare = (parts.includes('typing') && !process.env.CHAT_ONLY) || parts.includes('bare');
  const raw = {};
  for (let round = 0; round < rounds; round++) {
    const runs = [
      ...(parts.includes('typing') ? builds.map((b) => [b, () => typing(b)]) : []),
      ...(withBare ? [['bare', bare]] : []),
    ];
    for (const [name, run] of runs) {
      const r = await run();
      const was = (raw[name] ??= { idle: { keys: [], unmatched: 0 }, streaming: { keys: [], unmatched: 0 } });
      for (const k of ['idle', 'streaming']) {
        was[k].keys.push(...r[k].keys);
        was[k].unmatched += r[k].unmatched;
      }
      was.replyChars = r.replyChars;
    }
  }
  for (const [name, r] of Object.entries(raw)) {
    const typed = { idle: summarize(r.idle), streaming: summarize(r.streaming), replyChars: r.replyChars, rounds };
    if (name === 'bare') result.bare = typed;
    else result[name].typing = typed;
  }
  if (parts.includes('open'))
    for (const count of [100, 1000]) for (const b of builds) result[b][`open${count}`] = await opening(b, count);
} finally {
  await browser.close();
  server.close();
}

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const et = (x) => (x > 8 ? f(x, 0) : '< 16');
const typingLine = (s) =>
  `Event Timing per key p50 ${et(s.eventTimingP50)} p95 ${et(s.eventTimingP95)} ms, ` +
  `${s.eventTimingOver16}/${s.keys} keys over 16 ms, ${s.eventTimingAt16} at 16 (max ${f(s.eventTimingMax, 0)}); ` +
  `rAF-after-key p50 ${f(s.p50)} p95 ${f(s.p95)} max ${f(s.max)} ms` +
  (s.eventTimingOver16
    ? `; slow keys, median: ${f(s.slowMedianMs.delay)} ms waiting, ${f(s.slowMedianMs.handlers)} ms handlers, ${f(s.slowMedianMs.presentation)} ms to paint`
    : '');
for (const b of ['cur', 'main']) {
  const r = result[b];
  if (!r) continue;
  console.log(`${b === 'cur' ? 'this tree' : result.baseline}:`);
  if (r.typing) {
    console.log(`  typing idle:      ${typingLine(r.typing.idle)}`);
    console.log(`  typing streaming: ${typingLine(r.typing.streaming)} (reply ${r.typing.replyChars} chars)`);
  }
  for (const o of [r.open100, r.open1000].filter(Boolean))
    console.log(
      `  open ${String(o.messages).padStart(4)} msgs (${f(o.markdownBytes / 1024, 0)} KB): ${f(o.openMs)} ms to the last screen, ` +
        `memory ${f(o.memoryMB, 2)} MB (JS heap ${f(o.heapMB, 2)} MB), ${o.domNodes} DOM nodes, ${o.msgs} messages in the DOM, ` +
        `scroll-up jump ≤ ${f(o.maxScrollJumpPx)} px`,
    );
}
if (result.bare) {
  console.log('bare <textarea> (the floor):');
  console.log(`  typing idle:      ${typingLine(result.bare.idle)}`);
  console.log(
    `  typing streaming: ${typingLine(result.bare.streaming)} (plain-text stream, ${result.bare.replyChars} chars)`,
  );
}
if (partial) process.exit(0);
const cur = result.cur;
result.checks = {
  typingP95Ms: {
    value: cur.typing.streaming.eventTimingP95,
    target: '<= 16',
    pass: cur.typing.streaming.eventTimingP95 <= 16,
  },
  open1000Ms: { value: cur.open1000.openMs, target: '<= 150', pass: cur.open1000.openMs <= 150 },
  memory1000Over100: {
    value: cur.open1000.memoryMB / cur.open100.memoryMB,
    target: '<= 1.5',
    pass: cur.open1000.memoryMB / cur.open100.memoryMB <= 1.5,
  },
};
console.log('\ntargets:');
for (const [name, c] of Object.entries(result.checks))
  console.log(`  ${c.pass ? 'PASS' : 'FAIL'} ${name} = ${f(c.value, 2)} (target ${c.target})`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/chat.json'), JSON.stringify(result, null, 2) + '\n');
if (!Object.values(result.checks).every((c) => c.pass)) process.exitCode = 1;
