// The sync store on Workers: the relay bundled for workerd with a SYNC Durable Object namespace, checked over real
// HTTP with the same steps as the file store (test/relay/routes/sync.test.ts): versions, 409 with the current
// record, tombstones, paging of records larger than one storage value, the quota, and deleting the space.
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAdapter } from '../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay, type RunningRelay } from '../../conformance/runtimes/child.js';
import { COMPATIBILITY_DATE } from '../../conformance/runtimes/workerd.js';

const WORKERD = resolve(import.meta.dirname, '../../../node_modules/.bin/workerd');
const TOKEN = 'tok-sync-workerd-0123456789';
const QUOTA = 600_000;

function config(bundleFile: string, port: number): string {
  const name = JSON.stringify(basename(bundleFile));
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "relay", worker = (
    modules = [(name = ${name}, esModule = embed ${name})],
    compatibilityDate = "${COMPATIBILITY_DATE}",
    bindings = [
      (name = "GPT_CHAT_TOKENS", text = "${TOKEN}"),
      (name = "GPT_CHAT_SYNC_QUOTA", text = "${QUOTA}"),
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

const auth = { authorization: `Bearer ${TOKEN}` };
const put = (id: string, base: number, body: unknown) =>
  fetch(`${relay.url}/v1/sync/records/${id}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json', 'if-match': `"${base}"` },
    body: JSON.stringify(body),
  });
const list = async (since = 0) =>
  (await fetch(`${relay.url}/v1/sync/records?since=${since}`, { headers: auth })).json();

describe('DurableObjectSyncStore in workerd', () => {
  it('writes versions, answers 409 with the current record, keeps tombstones and large records whole', async () => {
    expect(await (await put('chat-1', 0, { data: 'b25l' })).json()).toMatchObject({ version: 1 });
    expect(await (await put('chat-1', 1, { data: 'dHdv' })).json()).toMatchObject({ version: 2 });
    const stale = await put('chat-1', 1, { data: 'bGF0ZQ' });
    expect(stale.status).toBe(409);
    expect((await stale.json()).current).toEqual({ id: 'chat-1', version: 2, deleted: false, data: 'dHdv' });
    const big = 'Q'.repeat(300_000); // three storage chunks
    expect((await put('chat-big', 0, { data: big })).status).toBe(200);
    expect((await put('chat-big', 3, { data: 'c21hbGw' })).status).toBe(200); // shrinks to one chunk
    expect((await put('chat-1', 2, { deleted: true })).status).toBe(200);
    const listed = await list();
    expect(listed.records).toEqual([
      { id: 'chat-big', version: 4, deleted: false, data: 'c21hbGw' },
      { id: 'chat-1', version: 5, deleted: true, data: '' },
    ]);
    expect((await put('chat-big', 4, { data: big })).status).toBe(200);
    expect((await list(5)).records[0].data).toBe(big);
  });

  it('refuses a write past the quota with 507, then deletes the whole space', async () => {
    const full = await put('chat-full', 0, { data: 'z'.repeat(400_000) });
    expect(full.status).toBe(507);
    expect((await full.json()).error.code).toBe('sync_quota_exceeded');
    expect((await fetch(`${relay.url}/v1/sync`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect(await list()).toMatchObject({ records: [], version: 0, bytes: 0 });
  });
});
