// Deno: the bundled adapter under `deno run`, with only the permissions the README's Deploy section tells users
// to grant
// (run from the repository root, so ./dist holds the widget and page build).
import { resolve } from 'node:path';
import { bundleAdapter, withBundleCleanup } from './bundle.js';
import { spawnRelay, type RunningRelay } from './child.js';
import { profileEnv, type RelayProfile } from './profile.js';

const DENO = resolve(import.meta.dirname, '../../../node_modules/.bin/deno');

export async function startDenoRelay(profile: RelayProfile): Promise<RunningRelay> {
  const bundle = await bundleAdapter('deno');
  return withBundleCleanup(bundle, () =>
    spawnRelay({
      command: DENO,
      args: ['run', '--allow-net', '--allow-env', '--allow-read=dist', '--no-prompt', bundle],
      env: {
        GPT_CHAT_PUBLIC: '',
        ...profileEnv(profile),
        PORT: '0',
        HOST: '127.0.0.1',
        NO_COLOR: '1',
        DENO_NO_UPDATE_CHECK: '1',
      },
      port: 'announced',
      cwd: resolve(import.meta.dirname, '../../..'),
    }),
  );
}
