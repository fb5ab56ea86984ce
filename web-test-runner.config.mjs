// Browser tests (real Chromium via test/support/find-chrome.mjs): every test/**/*.browser.test.ts (test/README.md).
// The dev server also answers /fake/v1/chat/completions with scripted OpenAI streams (see sse-test-server).
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChrome } from './test/support/find-chrome.mjs';
import { fakeOpenAI } from './test/support/sse-test-server.mjs';
import { xssCorpus } from './test/widget/security/_support/corpus-server.mjs';
import { redosInputs } from './test/widget/security/_support/redos-server.mjs';
import { imageCounter } from './test/support/image-server.mjs';

const { executablePath, args } = await findChrome();

/**
 * highlight.js ships its core as CommonJS (its es/core.js re-exports ../lib/core.js); Vite converts it for
 * the build, the dev server does not. The file has no require()s, so exposing module.exports is enough.
 */
const highlightCoreAsEsm = {
  name: 'highlight-core-esm',
  transform(context) {
    if (!context.path.endsWith('/highlight.js/lib/core.js')) return undefined;
    return {
      body: `const module = { exports: {} };\nconst exports = module.exports;\n${context.body}\nexport default module.exports;\n`,
    };
  },
};

/** `import text from 'pkg/file?raw'` (Vite's raw imports; KaTeX's style sheet): the file's text as a module. */
const rawImports = {
  name: 'raw-imports',
  resolveImport({ source }) {
    if (source.endsWith('?raw') && !source.startsWith('.')) return `/__raw__/${source.slice(0, -4)}`;
    return undefined;
  },
  serve(context) {
    if (!context.path.startsWith('/__raw__/')) return undefined;
    const file = resolve(import.meta.dirname, 'node_modules', context.path.slice('/__raw__/'.length));
    return { body: `export default ${JSON.stringify(readFileSync(file, 'utf8'))};\n`, type: 'js' };
  },
};

/**
 * `import url from './x.ts?worker&url'` (Vite's worker URL imports; attachments/start-worker.ts): the dev server
 * serves x.ts itself, so the module's answer is that file's URL.
 */
const workerUrlImports = {
  name: 'worker-url-imports',
  serve(context) {
    if (!context.URL.searchParams.has('worker') || !context.URL.searchParams.has('url')) return undefined;
    return { body: `export default new URL(${JSON.stringify(context.path)}, import.meta.url).href;\n`, type: 'js' };
  },
};

/** KaTeX's fonts where the built chunk finds them (katex-fonts/ beside it; vite.config.ts copies them there). */
function katexFonts(ctx, next) {
  const m = /^\/src\/widget\/markdown\/katex-fonts\/(KaTeX_[\w-]+\.woff2)$/.exec(ctx.path);
  if (!m) return next();
  ctx.type = 'font/woff2';
  ctx.body = readFileSync(resolve(import.meta.dirname, 'node_modules/katex/dist/fonts', m[1]));
  return undefined;
}

export default {
  files: 'test/**/*.browser.test.ts',
  nodeResolve: true,
  hostname: '127.0.0.1',
  concurrency: 1,
  concurrentBrowsers: 1,
  // Generous: a loaded 2-core CI machine can be slow to start Chromium and to stream.
  testsStartTimeout: 120_000,
  testsFinishTimeout: 300_000,
  browserStartTimeout: 120_000,
  testFramework: { config: { timeout: 20_000 } },
  middleware: [fakeOpenAI, xssCorpus, redosInputs, imageCounter, katexFonts],
  // tsconfig.json: the element's Lit decorators are the experimentalDecorators kind, and need fields to be
  // assignments (useDefineForClassFields: false) so they do not shadow Lit's reactive accessors.
  plugins: [
    rawImports,
    workerUrlImports,
    highlightCoreAsEsm,
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: resolve(import.meta.dirname, 'tsconfig.json') }),
  ],
  browsers: [chromeLauncher({ launchOptions: { executablePath, args, headless: true } })],
};
