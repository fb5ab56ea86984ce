// Cloudflare Workers: the bundled adapter in real `workerd` (the runtime Cloudflare runs), with a config
// generated here. Settings are plain-text bindings, as `[vars]`/secrets are on Cloudflare; COUNTERS is a real
// Durable Object namespace (in memory), so the rate-limit cases exercise DurableObjectCounterStore.
import { writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { bundleAdapter } from './bundle.js';
import { freePort, spawnRelay, withPortRetry, type RunningRelay } from './child.js';
import { profileEnv, type RelayProfile } from './profile.js';

const WORKERD = resolve(import.meta.dirname, '../../node_modules/.bin/workerd');

/** Kept equal to examples/wrangler.toml, so the test runs what users deploy. */
export const COMPATIBILITY_DATE = '2025-11-01';
export const COMPATIBILITY_FLAGS = ['enable_request_signal'];

const text = (value: string) => JSON.stringify(value); // capnp text literals share JSON's escapes for these

export function workerdConfig(bundleFile: string, port: number, bindings: Record<string, string>): string {
  const textBindings = Object.entries(bindings).map(([name, value]) => `    (name = ${text(name)}, text = ${text(value)}),`);
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "relay", worker = .relayWorker),
    # Workers may only reach public addresses by default; the fake upstream is on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = ${text(`127.0.0.1:${port}`)}, http = (), service = "relay")],
);

const relayWorker :Workerd.Worker = (
  modules = [(name = ${text(basename(bundleFile))}, esModule = embed ${text(basename(bundleFile))})],
  compatibilityDate = ${text(COMPATIBILITY_DATE)},
  compatibilityFlags = [${COMPATIBILITY_FLAGS.map(text).join(', ')}],
  bindings = [
${textBindings.join('\n')}
    (name = "COUNTERS", durableObjectNamespace = "CounterObject"),
  ],
  durableObjectNamespaces = [(className = "CounterObject", uniqueKey = "gpt-chat-conformance-counters")],
  durableObjectStorage = (inMemory = void),
);
`;
}

export async function startWorkerdRelay(profile: RelayProfile): Promise<RunningRelay> {
  const bundle = await bundleAdapter('workerd');
  const configFile = join(dirname(bundle), 'config.capnp');
  return withPortRetry(async () => {
    const port = await freePort();
    writeFileSync(configFile, workerdConfig(bundle, port, profileEnv(profile)));
    return spawnRelay({ command: WORKERD, args: ['serve', configFile, '--verbose'], port, cwd: dirname(bundle) });
  });
}
