// The sync store on Deno: the relay bundled for Deno, run as the README says (--unstable-kv, read and write on
// GPT_CHAT_SYNC_DIR, a folder not made yet), checked over real HTTP by the runtime stores' sync contract
// (_support/sync-http-contract.ts).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAdapter, withBundleCleanup } from '../../conformance/runtimes/bundle.js';
import { spawnRelay, type RunningRelay } from '../../conformance/runtimes/child.js';
import { SYNC_CONTRACT_QUOTA, syncHttpContract } from './_support/sync-http-contract.js';

const DENO = resolve(import.meta.dirname, '../../../node_modules/.bin/deno');
const TOKEN = 'tok-sync-deno-kv-0123456789';
let relay: RunningRelay;
let dir: string;
/** GPT_CHAT_SYNC_DIR: inside `dir`, not there yet (the relay makes it, as the Node file store does). */
let syncDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gpt-chat-sync-kv-'));
  syncDir = join(dir, 'sync');
  const bundle = await bundleAdapter('deno');
  relay = await withBundleCleanup(bundle, () =>
    spawnRelay({
      command: DENO,
      args: [
        'run',
        '--unstable-kv',
        '--allow-net',
        '--allow-env',
        `--allow-read=dist,${syncDir}`,
        `--allow-write=${syncDir}`,
        '--no-prompt',
        bundle,
      ],
      env: {
        GPT_CHAT_TOKENS: TOKEN,
        GPT_CHAT_SYNC_DIR: syncDir,
        GPT_CHAT_SYNC_QUOTA: String(SYNC_CONTRACT_QUOTA),
        PORT: '0',
        HOST: '127.0.0.1',
        NO_COLOR: '1',
        DENO_NO_UPDATE_CHECK: '1',
      },
      port: 'announced',
      cwd: resolve(import.meta.dirname, '../../..'),
    }),
  );
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Deno KV sync store', () => {
  syncHttpContract(() => relay.url, TOKEN);

  it('keeps the records in the KV file under GPT_CHAT_SYNC_DIR', () => {
    expect(readdirSync(syncDir)).toContain('sync.kv');
  });
});
