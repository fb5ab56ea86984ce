// The Durable Object ledger in workerd forgets expired tallies on its own: an entry that expires is deleted by the
// object's alarm, without anyone reading it (an idle token's old days do not stay forever), and the entries still
// live are kept. The scans below pass now = 0, which deletes nothing, so only the alarm can have removed an entry.
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAdapter } from '../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay, type RunningRelay } from '../../conformance/runtimes/child.js';
import { COMPATIBILITY_DATE } from '../../conformance/runtimes/workerd.js';

const WORKERD = resolve(import.meta.dirname, '../../../node_modules/.bin/workerd');
const ENTRY = 'test/relay/stores/_support/ledger-worker.ts';

function config(bundleFile: string, port: number): string {
  const name = JSON.stringify(basename(bundleFile));
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "ledger", worker = (
    modules = [(name = ${name}, esModule = embed ${name})],
    compatibilityDate = "${COMPATIBILITY_DATE}",
    bindings = [(name = "COUNTERS", durableObjectNamespace = "CounterObject")],
    durableObjectNamespaces = [(className = "CounterObject", uniqueKey = "gpt-chat-ledger-prune-test")],
    durableObjectStorage = (inMemory = void),
  ))],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "ledger")],
);
`;
}

describe('the budget ledger Durable Object in workerd', () => {
  let worker: RunningRelay;
  let bundle: string;

  beforeAll(async () => {
    bundle = await bundleAdapter('workerd', ENTRY);
    const port = await freePort();
    writeFileSync(join(dirname(bundle), 'config.capnp'), config(bundle, port));
    worker = await spawnRelay({ command: WORKERD, args: ['serve', 'config.capnp'], port, cwd: dirname(bundle) });
  });
  afterAll(async () => {
    await worker?.stop();
    if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
  });

  const call = async (op: 'tally' | 'scan', body: object) => {
    const response = await fetch(`${worker.url}/${op}`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.json();
  };
  const keys = async () =>
    ((await call('scan', { prefix: 'usage:', now: 0 })) as Array<{ key: string }>).map((entry) => entry.key).sort();

  it('an expired entry is pruned by the alarm without a read; the live ones stay', async () => {
    const now = Date.now();
    await call('tally', { key: 'usage:2026-11-29:mum:gpt', expiresAt: now + 2_000, now });
    await call('tally', { key: 'usage:2026-11:mum:gpt', expiresAt: now + 86_400_000, now });
    await call('tally', { key: 'usage:2026-11-29:kid:gpt', expiresAt: now + 300, now });
    expect(await keys()).toEqual(['usage:2026-11-29:kid:gpt', 'usage:2026-11-29:mum:gpt', 'usage:2026-11:mum:gpt']);
    await expect
      .poll(keys, { timeout: 10_000, interval: 200 })
      .toEqual(['usage:2026-11-29:mum:gpt', 'usage:2026-11:mum:gpt']);
    // The next prune waits PRUNE_EVERY_MS (an hour) after the last, so the 2-second one is still there, unread.
    await new Promise((done) => setTimeout(done, 2_500));
    expect(await keys()).toEqual(['usage:2026-11-29:mum:gpt', 'usage:2026-11:mum:gpt']);
  });
});
