// Runs the built CLI (dist/relay/cli/index.js) as a real child process for the CLI tests: rebuilds the relay with tsc
// when its sources are newer than the build, starts it on an ephemeral port with a clean environment (no
// inherited keys or proxies), waits for the banner's URL, and collects stdout/stderr.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CLI = join(ROOT, 'dist/relay/cli/index.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/relay when missing or older than src/relay + src/shared (a lock keeps parallel test files apart). */
export function ensureRelayBuilt(): void {
  const lock = join(ROOT, '.tmp/relay-build.lock');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`relay build lock ${lock} held for 2 minutes; remove it if stale`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    let built = 0;
    try {
      built = statSync(CLI).mtimeMs;
    } catch {
      built = 0;
    }
    const sources = Math.max(newestMtime(join(ROOT, 'src/relay')), newestMtime(join(ROOT, 'src/shared')));
    if (built < sources)
      execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmdirSync(lock);
  }
}

/** An environment without anything the host may have set that would change the relay's behaviour. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SystemRoot', 'LANG'])
    if (process.env[name] !== undefined) env[name] = process.env[name];
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) when the process has ended and its output is read. */
  exited: Promise<number | string>;
}

export function runCli(args: string[], env: Record<string, string> = {}, bin = CLI): CliRun {
  const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  // 'close', not 'exit': it fires once stdout/stderr are drained, so the last lines are in out/err.
  const exited = new Promise<number | string>((resolveExit) =>
    child.on('close', (code, signal) => resolveExit(code ?? signal ?? -1)),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs to completion (for --help, --version, bad flags). */
export async function runCliToEnd(
  args: string[],
  env: Record<string, string> = {},
  bin = CLI,
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const run = runCli(args, env, bin);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

export interface RunningCli extends CliRun {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** SIGTERM (if still running) and wait for the exit. */
  stop(): Promise<number | string>;
}

/** Starts the CLI on port 0 and resolves once its banner names the URL it listens on. */
export async function startCli(args: string[], env: Record<string, string> = {}, bin = CLI): Promise<RunningCli> {
  const run = runCli(['--port', '0', ...args], env, bin);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`CLI did not start within 20 s.\nstderr:\n${run.stderr()}`)),
      20_000,
    );
    const check = () => {
      const match = /listening on (http:\/\/[^\s/]+)\//.exec(run.stderr());
      if (match) {
        clearTimeout(timer);
        run.child.stderr!.off('data', check);
        resolveUrl(match[1]!);
      }
    };
    run.child.stderr!.on('data', check);
    void run.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited (${code}) before listening.\nstderr:\n${run.stderr()}`));
    });
  });
  return {
    ...run,
    url,
    stop() {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
      return run.exited;
    },
  };
}

/** Polls until `check` returns a value (no fixed sleeps in tests). */
export async function waitUntil<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
