// Two relay Workers (two isolates, as two Cloudflare locations would be) in one workerd process, bound to one
// Durable Object namespace, in front of a local JSON upstream: what the shared-store tests run against.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { bundleAdapter } from '../../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay } from '../../../conformance/runtimes/child.js';
import { COMPATIBILITY_DATE } from '../../../conformance/runtimes/workerd.js';

const WORKERD = resolve(import.meta.dirname, '../../../../node_modules/.bin/workerd');

export interface TwoWorkers {
  urlA: string;
  urlB: string;
  stop(): Promise<void>;
}

function config(bundleFile: string, ports: [number, number], vars: Record<string, string>, uniqueKey: string): string {
  const bindings = Object.entries(vars)
    .map(([name, text]) => `\n    (name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)}),`)
    .join('');
  const worker = (counters: string) => `(
  modules = [(name = ${JSON.stringify(basename(bundleFile))}, esModule = embed ${JSON.stringify(basename(bundleFile))})],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  bindings = [${bindings}
    (name = "COUNTERS", durableObjectNamespace = ${counters}),
  ],
  durableObjectNamespaces = [(className = "CounterObject", uniqueKey = ${JSON.stringify(uniqueKey)})],
  durableObjectStorage = (inMemory = void),
)`;
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "relay-a", worker = ${worker('"CounterObject"')}),
    (name = "relay-b", worker = ${worker('(className = "CounterObject", serviceName = "relay-a")')}),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
    (name = "a", address = "127.0.0.1:${ports[0]}", http = (), service = "relay-a"),
    (name = "b", address = "127.0.0.1:${ports[1]}", http = (), service = "relay-b"),
  ],
);
`;
}

/**
 * Starts the upstream (answering every request with `reply` as JSON) and the two Workers with `vars` as their env
 * bindings (OPENAI_BASE_URL is set to the upstream).
 */
export async function startTwoWorkers(
  vars: Record<string, string>,
  uniqueKey: string,
  reply: unknown = { id: 'x', object: 'chat.completion', created: 1, model: 'gpt-test', choices: [] },
): Promise<TwoWorkers> {
  const upstream: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  const bundle = await bundleAdapter('workerd');
  const ports: [number, number] = [await freePort(), await freePort()];
  const configFile = join(dirname(bundle), 'config.capnp');
  writeFileSync(configFile, config(bundle, ports, { OPENAI_BASE_URL: upstreamUrl, ...vars }, uniqueKey));
  const relay = await spawnRelay({
    command: WORKERD,
    args: ['serve', configFile],
    port: ports[0],
    cwd: dirname(bundle),
  });
  return {
    urlA: relay.url,
    urlB: `http://127.0.0.1:${ports[1]}`,
    async stop() {
      await relay.stop();
      await new Promise((done) => upstream.close(done));
      rmSync(dirname(bundle), { recursive: true, force: true });
    },
  };
}
