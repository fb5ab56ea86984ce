// Builds an adapter into the single ES module file a runtime runs, the way a user would deploy it. The package
// export conditions pick the runtime's build of h3/srvx (h3 ships workerd, deno and bun entries). Node built-ins
// stay external: if the relay's request path imports one, the runtime (not the bundler) reports it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { RunningRelay } from './child.js';

export type BundledRuntime = 'workerd' | 'deno' | 'bun';

const ROOT = resolve(import.meta.dirname, '../../..');

const ENTRY: Record<BundledRuntime, string> = {
  workerd: 'src/relay/runtimes/workers.ts',
  deno: 'src/relay/runtimes/deno.ts',
  bun: 'src/relay/runtimes/bun.ts',
};

const CONDITIONS: Record<BundledRuntime, string[]> = {
  workerd: ['workerd', 'worker', 'browser'],
  deno: ['deno'],
  bun: ['bun'],
};

/** Returns the path of the bundle (`relay-<runtime>.mjs` in a fresh temp dir); `entry` replaces the adapter. */
export async function bundleAdapter(runtime: BundledRuntime, entry = ENTRY[runtime]): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), `gpt-chat-${runtime}-`)), `relay-${runtime}.mjs`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: CONDITIONS[runtime],
    external: ['node:*', 'cloudflare:*'],
    logLevel: 'error',
  });
  return outfile;
}

/** Runs `start`, and removes the bundle's temp dir when the relay stops (or fails to start). */
export async function withBundleCleanup(bundle: string, start: () => Promise<RunningRelay>): Promise<RunningRelay> {
  const remove = () => rmSync(dirname(bundle), { recursive: true, force: true });
  let relay: RunningRelay;
  try {
    relay = await start();
  } catch (error) {
    remove();
    throw error;
  }
  return {
    ...relay,
    stop: async () => {
      await relay.stop();
      remove();
    },
  };
}
