// A relay bundled for workerd with a SYNC Durable Object namespace (in-memory storage), on a free port: what the
// Durable Object store's tests and the two-device sync e2e run against.
import { writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { bundleAdapter } from '../../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay, type RunningRelay } from '../../../conformance/runtimes/child.js';
import { COMPATIBILITY_DATE } from '../../../conformance/runtimes/workerd.js';

const WORKERD = resolve(import.meta.dirname, '../../../../node_modules/.bin/workerd');

function config(bundleFile: string, port: number, tokens: string[], quota: number): string {
  const name = JSON.stringify(basename(bundleFile));
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "relay", worker = (
    modules = [(name = ${name}, esModule = embed ${name})],
    compatibilityDate = "${COMPATIBILITY_DATE}",
    bindings = [
      (name = "GPT_CHAT_TOKENS", text = "${tokens.join(',')}"),
      (name = "GPT_CHAT_SYNC_QUOTA", text = "${quota}"),
      (name = "SYNC", durableObjectNamespace = "SyncObject"),
    ],
    durableObjectNamespaces = [(className = "SyncObject", uniqueKey = "gpt-chat-sync-test")],
    durableObjectStorage = (inMemory = void),
  ))],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "relay")],
);
`;
}

/** The workerd bundle's folder (remove it when done), built once per call. */
export async function bundleForWorkerd(): Promise<string> {
  return bundleAdapter('workerd');
}

/** Starts workerd serving `bundle` with these access tokens and sync quota (config written next to the bundle). */
export async function startWorkerdSync(bundle: string, tokens: string[], quota: number): Promise<RunningRelay> {
  const port = await freePort();
  const configFile = join(dirname(bundle), `config-${port}.capnp`);
  writeFileSync(configFile, config(bundle, port, tokens, quota));
  return spawnRelay({ command: WORKERD, args: ['serve', configFile], port, cwd: dirname(bundle) });
}
