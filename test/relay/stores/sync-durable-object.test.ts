// The sync store on Workers: the relay bundled for workerd with a SYNC Durable Object namespace, checked over real
// HTTP by the runtime stores' sync contract (_support/sync-http-contract.ts).
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { bundleAdapter } from '../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay, type RunningRelay } from '../../conformance/runtimes/child.js';
import { COMPATIBILITY_DATE } from '../../conformance/runtimes/workerd.js';
import { SYNC_CONTRACT_QUOTA, syncHttpContract } from './_support/sync-http-contract.js';

const WORKERD = resolve(import.meta.dirname, '../../../node_modules/.bin/workerd');
const TOKEN = 'tok-sync-workerd-0123456789';

function config(bundleFile: string, port: number): string {
  const name = JSON.stringify(basename(bundleFile));
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "relay", worker = (
    modules = [(name = ${name}, esModule = embed ${name})],
    compatibilityDate = "${COMPATIBILITY_DATE}",
    bindings = [
      (name = "GPT_CHAT_TOKENS", text = "${TOKEN}"),
      (name = "GPT_CHAT_SYNC_QUOTA", text = "${SYNC_CONTRACT_QUOTA}"),
      (name = "SYNC", durableObjectNamespace = "SyncObject"),
    ],
    durableObjectNamespaces = [(className = "SyncObject", uniqueKey = "gpt-chat-sync-test")],
    durableObjectStorage = (inMemory = void),
  ))],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "relay")],
);
`;
}

let relay: RunningRelay;
let bundleDir: string | undefined;

beforeAll(async () => {
  const bundle = await bundleAdapter('workerd');
  bundleDir = dirname(bundle);
  const port = await freePort();
  const configFile = join(bundleDir, 'config.capnp');
  writeFileSync(configFile, config(bundle, port));
  relay = await spawnRelay({ command: WORKERD, args: ['serve', configFile], port, cwd: bundleDir });
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe('DurableObjectSyncStore in workerd', () => {
  syncHttpContract(() => relay.url, TOKEN);
});
