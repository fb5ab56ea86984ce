/// <reference types="vitest/config" />
// One config, three builds (see scripts/build.mjs):
//   vite build                → dist/widget/gpt-chat.js (+ lazy chunks): the script-tag / npm module
//   vite build --mode iife    → dist/widget/gpt-chat.iife.js: one file for pages that cannot use modules
//   vite build --mode page    → dist/page/: the standalone personal-ChatGPT page (static files)
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

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
      test,
    };
  }
  if (mode === 'iife') {
    return {
      // One file cannot start module workers: no PDF reading there (pdfjs would add ~400 KB to every page).
      resolve: {
        alias: [{ find: /^pdfjs-dist(\/.*)?$/, replacement: resolve(root, 'src/widget/attachments/no-pdf.ts') }],
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
