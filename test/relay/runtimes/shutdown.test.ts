// SIGTERM on the self-hosted runtimes (systemd's stop): the relay stops accepting, lets a stream in flight finish,
// and exits 0. (On Workers and Deno Deploy the platform drains isolates itself.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedUpstream, sse, type ScriptedUpstream } from '../../conformance/scripted-upstream.js';
import { StreamReader } from '../../conformance/client.js';
import { startRelay, type RuntimeName } from '../../conformance/runtimes/index.js';
import type { RunningRelay } from '../../conformance/runtimes/child.js';

const SELF_HOSTED: RuntimeName[] = ['deno', 'bun', 'node'];

describe.each(SELF_HOSTED)('graceful shutdown on %s', (runtime) => {
  let upstream: ScriptedUpstream;
  let relay: RunningRelay | undefined;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
  });
  afterAll(async () => {
    await relay?.stop();
    await upstream.close();
  });

  it('finishes the stream in flight after SIGTERM, refuses new connections, exits 0', async () => {
    if (runtime === 'node') {
      const { existsSync } = await import('node:fs');
      if (!existsSync(new URL('../../../dist/relay/cli/index.js', import.meta.url))) {
        throw new Error(
          'dist/relay/cli/index.js is missing: run `npm run build` (or npx tsc -p tsconfig.build.json) first',
        );
      }
    }
    relay = await startRelay[runtime]({ upstream: upstream.url, apiKeys: ['sk-shutdown'], rateLimit: 0, public: true });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    upstream.on('shutdown', async ({ res }) => {
      res.writeHead(200, sse.headers);
      res.write(sse.chunk('关机前'));
      await released;
      res.end(sse.chunk('完成') + sse.done);
    });
    const response = await fetch(`${relay.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'shutdown' }] }),
    });
    const reader = new StreamReader(response);
    await reader.until((text) => text.includes('关机前'));

    relay.kill('SIGTERM');
    // New connections are refused once the listener closed (poll: the signal is handled asynchronously).
    const refusedBy = Date.now() + 10_000;
    let refused = false;
    while (!refused && Date.now() < refusedBy) {
      try {
        const probe = await fetch(`${relay.url}/health`, {
          headers: { connection: 'close' },
          signal: AbortSignal.timeout(2_000),
        });
        await probe.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 50));
      } catch {
        refused = true;
      }
    }
    expect(refused).toBe(true);

    release();
    await reader.until((text) => text.includes('[DONE]'), 'the rest of the stream after SIGTERM');
    expect(reader.text).toContain('完成');
    expect(await relay.exited).toBe(0);
  }, 60_000);
});
