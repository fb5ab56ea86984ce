// Builds everything `npm start`, `npm test` and `npm pack` need, in order:
// relay (tsc → dist/relay, dist/shared), widget types, widget module + iife, the page.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('tsc'), ['-p', 'tsconfig.types.json']);
run(bin('vite'), ['build', '--logLevel', 'warn']);
run(bin('vite'), ['build', '--mode', 'iife', '--logLevel', 'warn']);
run(bin('vite'), ['build', '--mode', 'page', '--logLevel', 'warn']);
