// The runtimes the conformance suite runs against, by the name `npm run test:runtimes` reports.
import type { RunningRelay } from './child.js';
import type { RelayProfile } from './profile.js';
import { startNodeRelay } from './node.js';
import { startWorkerdRelay } from './workerd.js';
import { startDenoRelay } from './deno.js';
import { startBunRelay } from './bun.js';

export type RuntimeName = 'node' | 'workerd' | 'deno' | 'bun';
export const RUNTIMES: readonly RuntimeName[] = ['node', 'workerd', 'deno', 'bun'];

export const startRelay: Record<RuntimeName, (profile: RelayProfile) => Promise<RunningRelay>> = {
  node: startNodeRelay,
  workerd: startWorkerdRelay,
  deno: startDenoRelay,
  bun: startBunRelay,
};

export type { RunningRelay, RelayProfile };
