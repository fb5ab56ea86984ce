// The conformance suite has its own config: it is not part of `vitest run` (unit tests), because each run
// starts real relay processes for one runtime. scripts/test-runtimes.mjs runs it once per runtime.
import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/conformance/**/*.conformance.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One relay pair per runtime at a time; cases within the file run in order.
    fileParallelism: false,
  },
});
