// Starting and stopping one relay process, shared by every runtime harness: pick a free port, spawn, wait until
// GET /health answers 200 (or the process dies, with its output in the error), stop with SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RunningRelay {
  url: string;
  /** What the process printed so far (for failure messages). */
  output(): string;
  /** Sends a signal (e.g. SIGTERM to test graceful shutdown). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const STARTUP_TIMEOUT_MS = 60_000;

export interface SpawnRelayOptions {
  command: string;
  args: string[];
  env?: Record<string, string>;
  /**
   * 'announced': the relay listens on port 0 and prints "listening on http://host:port" (node, deno, bun) —
   * nothing else on a busy machine can take the port between choosing and binding it. A number: a port chosen
   * with freePort() (workerd prints no address); the process must still be alive after answering, or another
   * server answered on that port.
   */
  port: number | 'announced';
  cwd?: string;
  /** The /health status that means "up" (default 200; a misconfigured relay answers 500). */
  healthStatus?: number;
}

const ANNOUNCED = /listening on (http:\/\/[^\s/]+)/;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function spawnRelay(options: SpawnRelayOptions): Promise<RunningRelay> {
  let url = typeof options.port === 'number' ? `http://127.0.0.1:${options.port}` : undefined;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    // Bounded: a relay logs one line per request, and only the tail matters for a failure message.
    output = (output + chunk.toString('utf8')).slice(-20_000);
    url ??= ANNOUNCED.exec(output)?.[1];
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
    await exited(child);
    clearTimeout(timer);
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let died = false;
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => (died = true));
  const kill = (signal: NodeJS.Signals) => void child.kill(signal);
  while (!died) {
    try {
      if (url) {
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (response.status === (options.healthStatus ?? 200)) {
          if (typeof options.port === 'number') await new Promise((resolve) => setTimeout(resolve, 300));
          if (died) break;
          const found = url;
          return { url: found, output: () => output, kill, exited: exitCode, stop };
        }
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.command} did not answer /health within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${options.command} exited (code ${child.exitCode}, signal ${child.signalCode}) before answering /health:\n${output}`,
  );
}

/** Retries a start that may lose its port to another process (see SpawnRelayOptions.port). */
export async function withPortRetry(start: () => Promise<RunningRelay>, attempts = 3): Promise<RunningRelay> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts || !/address already in use|EADDRINUSE|exited/i.test(String(error))) throw error;
    }
  }
}
