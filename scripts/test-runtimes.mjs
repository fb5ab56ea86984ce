// `npm run test:runtimes [-- node workerd deno bun]`: runs the relay conformance suite (test/conformance) once
// per runtime and prints one line per runtime with its result. A case a runtime cannot support
// (test/conformance/limitations.ts) runs expecting failure and is counted as "unsupported", with its reason
// printed below the line. Exit code 1 when any runtime has a failed case or did not start.
//
// Builds first unless --no-build (see below); the Workers, Deno and Bun adapters are bundled by the suite itself.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const ALL = ['node', 'workerd', 'deno', 'bun'];
const UNSUPPORTED_MARK = '[unsupported on'; // = test/conformance/limitations.ts

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const picked = args.filter((arg) => !arg.startsWith('--'));
const unknown = picked.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  console.error(`unknown runtime(s): ${unknown.join(', ')} (choose from ${ALL.join(', ')})`);
  process.exit(2);
}
const runtimes = picked.length > 0 ? picked : ALL;

// The Node CLI runs from dist/relay (tsc), and every runtime serves the widget and page from dist/ (vite). A full
// build only when the widget/page build is missing: it empties dist/, which other running tests may be using.
if (build) {
  const built = existsSync(join(ROOT, 'dist/widget/gpt-chat.js')) && existsSync(join(ROOT, 'dist/page/index.html'));
  if (built)
    execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  else execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

function runSuite(runtime, outputFile) {
  return new Promise((resolveRun) => {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/vitest'),
      ['run', '--config', 'test/conformance/vitest.config.ts', '--reporter=json', `--outputFile=${outputFile}`],
      { cwd: ROOT, env: { ...process.env, RELAY_RUNTIME: runtime, RELAY_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
    child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
    child.on('close', (code) => resolveRun({ code, output }));
  });
}

function summarize(report) {
  const counts = { passed: 0, failed: 0, unsupported: 0, skipped: 0 };
  const notes = [];
  for (const file of report.testResults ?? []) {
    if (
      file.status === 'failed' &&
      (file.assertionResults ?? []).every((test) => test.status !== 'failed') &&
      file.message
    ) {
      counts.failed++;
      notes.push(`FAILED ${file.name}: ${file.message.split('\n')[0]}`);
    }
    for (const test of file.assertionResults ?? []) {
      const marked = test.title.indexOf(UNSUPPORTED_MARK);
      if (marked >= 0) {
        const name = test.title.slice(0, marked).trim();
        const reason = test.title
          .slice(marked + UNSUPPORTED_MARK.length)
          .replace(/^\s*\S+:\s*/, '')
          .replace(/\]$/, '');
        if (test.status === 'passed') {
          counts.unsupported++;
          notes.push(`unsupported: ${name} — ${reason}`);
        } else {
          counts.failed++;
          notes.push(
            `FAILED ${name}: listed as unsupported but ${test.status === 'failed' ? 'it now passes (remove it from limitations.ts)' : test.status}`,
          );
        }
      } else if (test.status === 'passed') counts.passed++;
      else if (test.status === 'failed') {
        counts.failed++;
        notes.push(
          `FAILED ${test.ancestorTitles.slice(1).join(' › ')} › ${test.title}: ${(test.failureMessages?.[0] ?? '').split('\n')[0]}`,
        );
      } else {
        counts.skipped++;
        notes.push(`skipped: ${test.title}`);
      }
    }
  }
  return { counts, notes };
}

/** The last lines a suite printed, indented under its summary line (why it did not report, or failed). */
function printTail(output) {
  const tail = output.trim().split('\n').slice(-30);
  console.log(tail.map((l) => `         ${l}`).join('\n'));
}

const workDir = mkdtempSync(join(tmpdir(), 'gpt-chat-test-runtimes-'));
const lines = [];
let ok = true;
for (const runtime of runtimes) {
  const started = Date.now();
  const outputFile = join(workDir, `${runtime}.json`);
  const { code, output } = await runSuite(runtime, outputFile);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let report;
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8'));
  } catch {
    report = undefined;
  }
  if (!report) {
    ok = false;
    const line = `${runtime.padEnd(8)} ERROR   the suite did not report (exit ${code}) (${seconds} s)`;
    lines.push(line);
    console.log(line);
    printTail(output);
    continue;
  }
  const { counts, notes } = summarize(report);
  const failed = counts.failed > 0 || code !== 0;
  if (failed) ok = false;
  const line =
    `${runtime.padEnd(8)} ${failed ? 'FAIL' : 'ok  '}    ` +
    `passed ${counts.passed}, failed ${counts.failed}, unsupported ${counts.unsupported}, skipped ${counts.skipped}  (${seconds} s)`;
  lines.push(line);
  console.log(line);
  for (const note of notes) console.log(`         ${note}`);
  if (failed && counts.failed === 0) printTail(output);
}
rmSync(workDir, { recursive: true, force: true });

if (runtimes.length > 1) {
  console.log('\nrelay conformance by runtime:');
  for (const line of lines) console.log(`  ${line}`);
}
process.exit(ok ? 0 : 1);
