// The sync store on Workers: the relay bundled for workerd with a SYNC Durable Object namespace, checked over real
// HTTP by the runtime stores' sync contract (_support/sync-http-contract.ts).
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import type { RunningRelay } from '../../conformance/runtimes/child.js';
import { SYNC_CONTRACT_QUOTA, syncHttpContract } from './_support/sync-http-contract.js';
import { bundleForWorkerd, startWorkerdSync } from './_support/workerd-sync.js';

const TOKEN = 'tok-sync-workerd-0123456789';

let relay: RunningRelay;
let bundleDir: string | undefined;

beforeAll(async () => {
  const bundle = await bundleForWorkerd();
  bundleDir = dirname(bundle);
  relay = await startWorkerdSync(bundle, [TOKEN], SYNC_CONTRACT_QUOTA);
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe('DurableObjectSyncStore in workerd', () => {
  syncHttpContract(() => relay.url, TOKEN);
});
