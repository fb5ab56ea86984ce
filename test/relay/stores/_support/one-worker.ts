// One Worker in workerd with one in-memory Durable Object namespace: `entry` (default: the relay's Workers
// adapter) bundled as users deploy it, with text bindings as `[vars]` are on Cloudflare.
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { bundleAdapter } from '../../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay } from '../../../conformance/runtimes/child.js';
import { COMPATIBILITY_DATE } from '../../../conformance/runtimes/workerd.js';

const WORKERD = resolve(import.meta.dirname, '../../../../node_modules/.bin/workerd');

export interface OneWorkerOptions {
  /** A module path from the repository root; absent: src/relay/runtimes/workers.ts. */
  entry?: string;
  vars?: Record<string, string>;
  /** The Durable Object binding's name and class; uniqueKey keeps test files' objects apart. */
  objects: { binding: string; className: string; uniqueKey: string };
}

export interface OneWorker {
  url: string;
  stop(): Promise<void>;
}

function config(bundleFile: string, port: number, options: OneWorkerOptions): string {
  const name = JSON.stringify(basename(bundleFile));
  const { binding, className, uniqueKey } = options.objects;
  const vars = Object.entries(options.vars ?? {})
    .map(([key, text]) => `\n      (name = ${JSON.stringify(key)}, text = ${JSON.stringify(text)}),`)
    .join('');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "worker", worker = (
    modules = [(name = ${name}, esModule = embed ${name})],
    compatibilityDate = "${COMPATIBILITY_DATE}",
    bindings = [${vars}
      (name = ${JSON.stringify(binding)}, durableObjectNamespace = ${JSON.stringify(className)}),
    ],
    durableObjectNamespaces = [(className = ${JSON.stringify(className)}, uniqueKey = ${JSON.stringify(uniqueKey)})],
    durableObjectStorage = (inMemory = void),
  ))],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "worker")],
);
`;
}

/** Starts it once GET /health answers 200; stop() ends workerd and removes the bundle. */
export async function startOneWorker(options: OneWorkerOptions): Promise<OneWorker> {
  const bundle = await bundleAdapter('workerd', options.entry);
  const dir = dirname(bundle);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const port = await freePort();
    writeFileSync(join(dir, 'config.capnp'), config(bundle, port, options));
    const worker = await spawnRelay({ command: WORKERD, args: ['serve', 'config.capnp'], port, cwd: dir });
    return {
      url: worker.url,
      async stop() {
        await worker.stop();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
