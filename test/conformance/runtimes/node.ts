// Node: the published CLI (`node dist/relay/cli/index.js`, built by `npx tsc -p tsconfig.build.json`), configured with
// its flags as a user would.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnRelay, type RunningRelay } from './child.js';
import { profileFlags, type RelayProfile } from './profile.js';

const CLI = resolve(import.meta.dirname, '../../../dist/relay/cli/index.js');

export async function startNodeRelay(profile: RelayProfile): Promise<RunningRelay> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
  return spawnRelay({
    command: process.execPath,
    args: [CLI, '--host', '127.0.0.1', '--port', '0', ...profileFlags(profile)],
    // The CLI reads these too; clear any from the developer's shell so only the profile applies.
    env: {
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      GPT_CHAT_TOKENS: '',
      GPT_CHAT_PUBLIC: '',
      HTTPS_PROXY: '',
      HTTP_PROXY: '',
      https_proxy: '',
      http_proxy: '',
    },
    port: 'announced',
  });
}
