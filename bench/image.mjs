// `npm run bench:image`: preparing a 12-megapixel photo for sending, in Chromium (playwright-core): resized to
// 2048 px and re-encoded as JPEG ≤ 1 MB by <gpt-chat>'s module worker (src/widget/attachments/resize-image.ts),
// against the same steps on the main thread in the same run (the baseline). Targets: ready in ≤ 500 ms (median)
// with no main-thread task over 50 ms. Writes bench/results/image.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { build } from 'vite';
import { launchBenchBrowser, serveBenchPage } from './bench-page.mjs';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, '.tmp/bench-image');
const ITERATIONS = Number(process.env.IMAGE_ITERATIONS ?? 7);

// 1. Bundle the page half, production mode; the worker is emitted as its own file next to it.
await build({
  configFile: false,
  logLevel: 'warn',
  root,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    lib: { entry: join(root, 'bench/image-page.ts'), formats: ['es'], fileName: () => 'image-page.js' },
  },
});

// 2. Serve it from 127.0.0.1.
const server = await serveBenchPage(outDir, 'image-page.js', 'image bench');
const browser = await launchBenchBrowser();
try {
  const tab = await browser.newPage();
  await tab.goto(server.url);
  await tab.waitForFunction(() => window.imageBench !== undefined);
  const result = await tab.evaluate((n) => window.imageBench.run(n), ITERATIONS);

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summarize = (runs) => ({
    medianMs: median(runs.map((r) => r.wallMs)),
    worstMs: Math.max(...runs.map((r) => r.wallMs)),
    longestTaskMs: Math.max(0, ...runs.flatMap((r) => r.longTasks)),
    longTasks: runs.reduce((n, r) => n + r.longTasks.length, 0),
    width: runs[0].width,
    height: runs[0].height,
    bytes: median(runs.map((r) => r.bytes)),
  });
  const worker = summarize(result.worker);
  const main = summarize(result.main);
  const checks = {
    readyMedianMs: { value: worker.medianMs, target: '<= 500', pass: worker.medianMs <= 500 },
    longestMainThreadTaskMs: { value: worker.longestTaskMs, target: '<= 50', pass: worker.longestTaskMs <= 50 },
    outputWithinLimits: {
      value: `${worker.width}×${worker.height}, ${(worker.bytes / 1024).toFixed(0)} KB`,
      target: '≤ 2048 px, ≤ 1024 KB',
      pass: Math.max(worker.width, worker.height) <= 2048 && worker.bytes <= 1024 * 1024,
    },
  };
  const f = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : String(x));
  console.log(`12 MP JPEG (4000×3000, ${(result.photoBytes / 1024).toFixed(0)} KB), ${ITERATIONS} runs each\n`);
  console.log('path          median ms  worst ms  longest main-thread task ms  long tasks  output');
  for (const [name, s] of [
    ['worker', worker],
    ['main thread', main],
  ]) {
    console.log(
      `${name.padEnd(12)} ${f(s.medianMs).padStart(10)} ${f(s.worstMs).padStart(9)} ${f(s.longestTaskMs).padStart(28)} ${String(s.longTasks).padStart(11)}  ${s.width}×${s.height} ${(s.bytes / 1024).toFixed(0)} KB`,
    );
  }
  console.log('\ntargets:');
  for (const [name, c] of Object.entries(checks))
    console.log(`  ${c.pass ? 'PASS' : 'FAIL'} ${name} = ${f(c.value)} (target ${c.target})`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/image.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        chromium: browser.version(),
        iterations: ITERATIONS,
        photoBytes: result.photoBytes,
        worker,
        main,
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
