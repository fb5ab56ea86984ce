// Bun: the bundled adapter under `bun run`.
import { resolve } from 'node:path';
import { bundleAdapter, withBundleCleanup } from './bundle.js';
import { spawnRelay, type RunningRelay } from './child.js';
import { profileEnv, type RelayProfile } from './profile.js';

const BUN = resolve(import.meta.dirname, '../../../node_modules/.bin/bun');

export async function startBunRelay(profile: RelayProfile): Promise<RunningRelay> {
  const bundle = await bundleAdapter('bun');
  return withBundleCleanup(bundle, () =>
    spawnRelay({
      command: BUN,
      args: ['run', bundle],
      env: { GPT_CHAT_PUBLIC: '', ...profileEnv(profile), PORT: '0', HOST: '127.0.0.1' },
      port: 'announced',
      cwd: resolve(import.meta.dirname, '../../..'),
    }),
  );
}
