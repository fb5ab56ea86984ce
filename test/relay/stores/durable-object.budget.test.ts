// Named tokens' budgets on Workers: two relay Workers (two isolates) bound to one Durable Object namespace share one
// token's requestsPerDay, with parallel requests racing it on both; the config comes in GPT_CHAT_CONFIG_JSON.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAdapter } from '../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay, type RunningRelay } from '../../conformance/runtimes/child.js';
import { COMPATIBILITY_DATE } from '../../conformance/runtimes/workerd.js';

const WORKERD = resolve(import.meta.dirname, '../../../node_modules/.bin/workerd');
const LIMIT = 4;
const TOKEN = 'kid-token-workerd-0123456789';

function twoWorkersConfig(bundleFile: string, ports: [number, number], upstream: string): string {
  const bindings = `
    (name = "OPENAI_BASE_URL", text = ${JSON.stringify(upstream)}),
    (name = "OPENAI_API_KEY", text = "sk-counters"),
    (name = "GPT_CHAT_RATE_LIMIT", text = "0"),
    (name = "GPT_CHAT_CONFIG_JSON", text = ${JSON.stringify(
      JSON.stringify({ tokens: [{ name: 'kid', token: TOKEN, requestsPerDay: LIMIT, admin: true }] }),
    )}),`;
  const worker = (counters: string) => `(
  modules = [(name = ${JSON.stringify(basename(bundleFile))}, esModule = embed ${JSON.stringify(basename(bundleFile))})],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  bindings = [${bindings}
    (name = "COUNTERS", durableObjectNamespace = ${counters}),
  ],
  durableObjectNamespaces = [(className = "CounterObject", uniqueKey = "gpt-chat-budget-test")],
  durableObjectStorage = (inMemory = void),
)`;
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "relay-a", worker = ${worker('"CounterObject"')}),
    (name = "relay-b", worker = ${worker('(className = "CounterObject", serviceName = "relay-a")')}),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
    (name = "a", address = "127.0.0.1:${ports[0]}", http = (), service = "relay-a"),
    (name = "b", address = "127.0.0.1:${ports[1]}", http = (), service = "relay-b"),
  ],
);
`;
}

describe('named-token budget in workerd, shared by two isolates', () => {
  let upstream: Server;
  let relay: RunningRelay;
  let urlB: string;
  let bundleDir: string | undefined;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            created: 1,
            model: 'gpt-test',
            choices: [],
            usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
          }),
        );
      });
    });
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
    const bundle = await bundleAdapter('workerd');
    bundleDir = dirname(bundle);
    const ports: [number, number] = [await freePort(), await freePort()];
    const configFile = join(dirname(bundle), 'config.capnp');
    writeFileSync(configFile, twoWorkersConfig(bundle, ports, upstreamUrl));
    relay = await spawnRelay({ command: WORKERD, args: ['serve', configFile], port: ports[0], cwd: dirname(bundle) });
    urlB = `http://127.0.0.1:${ports[1]}`;
  });

  afterAll(async () => {
    await relay?.stop();
    await new Promise((done) => upstream?.close(done));
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  const chat = async (baseUrl: string) => {
    const response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = await response.text();
    return { status: response.status, body };
  };

  it(`${3 * LIMIT} parallel requests over both Workers admit exactly ${LIMIT}`, async () => {
    const answers = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => chat(i % 2 ? urlB : relay.url)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * LIMIT);
    expect(answers.find((answer) => answer.status === 429)!.body).toContain('budget_exceeded');
    // Each admitted request's reported usage is settled after its response ended (waitUntil on Workers).
    const usage = await fetch(`${urlB}/v1/usage`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(usage.status).toBe(200);
    await expect
      .poll(
        async () => {
          const report = await (
            await fetch(`${relay.url}/v1/usage`, { headers: { authorization: `Bearer ${TOKEN}` } })
          ).json();
          const today = report.tokens.find((row: { name: string }) => row.name === 'kid').today;
          return [today.requests, today.prompt_tokens, today.completion_tokens];
        },
        { timeout: 10_000 },
      )
      .toEqual([LIMIT, 7 * LIMIT, 3 * LIMIT]);
  });
});
