// Builds everything `npm start`, `npm test` and `npm pack` need, in order:
// relay (tsc → dist/relay, dist/shared), widget types, widget module + iife, the page, custom-elements.json.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

// NODE_ENV=production even when started from a test runner (vitest sets NODE_ENV=test), so Lit's
// production build is bundled, never its development build.
const env = { ...process.env, NODE_ENV: 'production' };
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', env });
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run('node', ['scripts/config-schema.mjs']);
run(bin('tsc'), ['-p', 'tsconfig.types.json']);
run(bin('vite'), ['build', '--logLevel', 'warn']);
run(bin('vite'), ['build', '--mode', 'iife', '--logLevel', 'warn']);
run(bin('vite'), ['build', '--mode', 'page', '--logLevel', 'warn']);
// The element's public API (attributes, events, parts, custom properties) from its JSDoc, for editors and docs.
run(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
