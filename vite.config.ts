/// <reference types="vitest/config" />
// One config, three builds (see scripts/build.mjs):
//   vite build                → dist/widget/gpt-chat.js (+ lazy chunks): the script-tag / npm module
//   vite build --mode iife    → dist/widget/gpt-chat.iife.js: one file for pages that cannot use modules
//   vite build --mode page    → dist/page/: the standalone personal-ChatGPT page (static files)
import { defineConfig, type Plugin } from 'vite';
import { resolve, posix } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { pagePwa } from './demo/vite-pwa.js';
import { pwaIcons } from './demo/vite-pwa-icons.js';

const root = import.meta.dirname;

/**
 * KaTeX's woff2 fonts, emitted into katex-fonts/ beside the chunk holding katex-chunk.ts, where its @font-face
 * rules point (new URL('./katex-fonts/…', import.meta.url)). As files, not inlined: a formula fetches only the
 * few fonts it uses.
 */
function katexFonts(): Plugin {
  const fonts = resolve(root, 'node_modules/katex/dist/fonts');
  return {
    name: 'katex-fonts',
    generateBundle(_, bundle) {
      const chunk = Object.values(bundle).find(
        (c) => c.type === 'chunk' && c.moduleIds.some((id) => id.endsWith('/markdown/katex-chunk.ts')),
      );
      if (!chunk) return;
      const dir = posix.dirname(chunk.fileName);
      for (const name of readdirSync(fonts).filter((f) => f.endsWith('.woff2'))) {
        const fileName = dir === '.' ? `katex-fonts/${name}` : `${dir}/katex-fonts/${name}`;
        this.emitFile({ type: 'asset', fileName, source: readFileSync(resolve(fonts, name)) });
      }
    },
  };
}

export default defineConfig(({ mode }) => {
  const test = {
    include: ['test/**/*.test.ts'],
    // *.browser.test.ts run in Chromium under web-test-runner (test/README.md).
    exclude: ['**/*.browser.test.ts', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  };
  if (mode === 'page') {
    return {
      root: resolve(root, 'demo'),
      base: './',
      build: { outDir: resolve(root, 'dist/page'), emptyOutDir: true, target: 'es2022' },
      // The service worker's precache is written last, so it lists KaTeX's fonts too.
      plugins: [katexFonts(), pwaIcons(), pagePwa()],
      test,
    };
  }
  if (mode === 'iife') {
    return {
      plugins: [katexFonts()],
      // One file cannot start module workers: no PDF reading there (pdfjs would add ~400 KB to every page).
      resolve: {
        alias: [
          { find: /^pdfjs-dist(\/.*)?$/, replacement: resolve(root, 'src/widget/attachments/no-pdf.ts') },
          { find: /^.*\?worker&url$/, replacement: resolve(root, 'src/widget/attachments/no-worker-url.ts') },
        ],
      },
      build: {
        outDir: 'dist/widget',
        emptyOutDir: false,
        target: 'es2022',
        lib: {
          entry: resolve(root, 'src/widget/index.ts'),
          name: 'GptChat',
          formats: ['iife'],
          fileName: () => 'gpt-chat.iife.js',
        },
      },
      test,
    };
  }
  return {
    plugins: [katexFonts()],
    // Relative URLs for the workers (new URL(…, import.meta.url)): the bundle works from any folder or CDN path.
    base: './',
    build: {
      outDir: 'dist/widget',
      emptyOutDir: true,
      target: 'es2022',
      lib: {
        entry: resolve(root, 'src/widget/index.ts'),
        formats: ['es'],
        fileName: () => 'gpt-chat.js',
      },
      // Library mode keeps whitespace in ES output (vite only mangles); this bundle goes straight to browsers.
      rolldownOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
    },
    // Workers (image resizing, pdfjs) beside the other lazy chunks: the relay serves dist/widget/chunks/.
    worker: { format: 'es', rolldownOptions: { output: { entryFileNames: 'chunks/[name]-[hash].js', minify: true } } },
    test,
  };
});
