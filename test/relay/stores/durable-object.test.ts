// The shared counter store on Workers: two relay Workers (two isolates, as two Cloudflare locations would be) bound
// to one Durable Object namespace count one client's requests, and its wrong access tokens, together. With the
// in-memory default each would allow the full limit on its own, so the last request below would pass.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAdapter } from '../../conformance/runtimes/bundle.js';
import { freePort, spawnRelay, type RunningRelay } from '../../conformance/runtimes/child.js';
import { COMPATIBILITY_DATE } from '../../conformance/runtimes/workerd.js';

const WORKERD = resolve(import.meta.dirname, '../../../node_modules/.bin/workerd');
const LIMIT = 3;
const TOKEN = 'tok-counters-0123456789';

function twoWorkersConfig(bundleFile: string, ports: [number, number], upstream: string): string {
  const bindings = `
    (name = "OPENAI_BASE_URL", text = ${JSON.stringify(upstream)}),
    (name = "OPENAI_API_KEY", text = "sk-counters"),
    (name = "GPT_CHAT_RATE_LIMIT", text = "${LIMIT}"),
    (name = "GPT_CHAT_TRUST_PROXY", text = "1"),
    (name = "GPT_CHAT_TOKENS", text = "${TOKEN}"),`;
  const worker = (counters: string) => `(
  modules = [(name = ${JSON.stringify(basename(bundleFile))}, esModule = embed ${JSON.stringify(basename(bundleFile))})],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  bindings = [${bindings}
    (name = "COUNTERS", durableObjectNamespace = ${counters}),
  ],
  durableObjectNamespaces = [(className = "CounterObject", uniqueKey = "gpt-chat-counters-test")],
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

describe('DurableObjectCounterStore in workerd', () => {
  let upstream: Server;
  let relay: RunningRelay;
  let urlB: string;
  let bundleDir: string | undefined;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'gpt-test', choices: [] }));
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

  const chat = async (baseUrl: string, ip: string, token = TOKEN) => {
    const response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.arrayBuffer();
    return response;
  };

  it('counts one client across two Workers, and answers 429 with Retry-After past the limit', async () => {
    const ip = '203.0.113.7';
    const statuses = [];
    for (const url of [relay.url, urlB, relay.url]) statuses.push((await chat(url, ip)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await chat(urlB, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await chat(relay.url, '203.0.113.8')).status).toBe(200);
  });

  it('shares the wrong-token count: 5 guesses on each Worker lock the client out of both', async () => {
    const ip = '203.0.113.9';
    for (const url of [relay.url, urlB]) {
      for (let i = 0; i < 5; i++) expect((await chat(url, ip, 'wrong-token-0123456789')).status).toBe(401);
    }
    for (const url of [relay.url, urlB]) {
      const locked = await chat(url, ip);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(50);
    }
    expect((await chat(urlB, '203.0.113.10')).status).toBe(200);
  });
});
