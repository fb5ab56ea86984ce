// A Worker with a bad setting answers every request with an OpenAI-shaped 500 naming the setting (a Worker has no
// start-up output a user would read), never echoing the value.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleAdapter, withBundleCleanup } from '../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay, withPortRetry, type RunningRelay } from '../../conformance/runtimes/child.js';
import { workerdConfig } from '../../conformance/runtimes/workerd.js';

const WORKERD = resolve(import.meta.dirname, '../../../node_modules/.bin/workerd');

describe('Workers adapter with a bad setting', () => {
  let relay: RunningRelay | undefined;
  afterAll(async () => relay?.stop());

  it('answers 500 JSON that names the variable', async () => {
    const bundle = await bundleAdapter('workerd');
    const configFile = join(dirname(bundle), 'config.capnp');
    relay = await withBundleCleanup(bundle, () =>
      withPortRetry(async () => {
        const port = await freePort();
        writeFileSync(configFile, workerdConfig(bundle, port, { GPT_CHAT_RATE_LIMIT: 'sk-not-a-number' }));
        // /health answers 500 here, so wait for the socket with a request that expects it.
        return spawnRelay({
          command: WORKERD,
          args: ['serve', configFile],
          port,
          cwd: dirname(bundle),
          healthStatus: 500,
        });
      }),
    );
    const response = await fetch(`${relay.url}/v1/models`);
    expect(response.status).toBe(500);
    const text = await response.text();
    const body = JSON.parse(text) as { error: { message: string; type: string; code: string } };
    expect(body.error.message).toContain('GPT_CHAT_RATE_LIMIT');
    expect(body.error.code).toBe('relay_misconfigured');
    expect(text).not.toContain('sk-not-a-number');
  });
});
