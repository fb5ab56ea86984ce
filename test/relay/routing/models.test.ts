// The merged GET /v1/models when one provider cannot list its models (connection refused, 500, not JSON, too slow):
// the others' models are still there, the failing one keeps the models its prices name, and the request log says
// which provider failed and why, without its key or its body. Real local upstreams over HTTP.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../../src/relay/settings/lists.js';
import type { RequestLog } from '../../../src/relay/settings/options.js';
import { createRouter } from '../../../src/relay/routing/router.js';
import { mergedModels } from '../../../src/relay/routing/models.js';
import { formatTextLine } from '../../../src/relay/log/format.js';
import { serveRelay, type ServedRelay } from '../../support/serve-relay.js';
import { JSON_HEADERS, startFakeUpstream, type FakeUpstream, type Reply } from '../../support/fake-upstream.js';

const BROKEN_KEY = 'sk-broken-provider-key-0123';
const QWEN_LIST = JSON.stringify({ object: 'list', data: [{ id: 'qwen-plus' }, { id: 'qwen-max' }] });

let qwen: FakeUpstream;
let broken: FakeUpstream;
let relay: ServedRelay | null = null;
let logs: RequestLog[] = [];

/** A 127.0.0.1 URL nothing listens on: the port was bound, then released. */
async function refusingURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

/** deepseek with its own `models`, qwen listing upstream, and `broken` (listing upstream, one price configured). */
function providers(brokenURL: string): ProviderConfig[] {
  return [
    { name: 'deepseek', baseURL: 'http://127.0.0.1:9/v1', keys: ['sk-deepseek-key-1'], models: ['deepseek-chat'] },
    { name: 'qwen', baseURL: qwen.url, keys: ['sk-qwen-key-1'] },
    {
      name: 'broken',
      baseURL: brokenURL,
      keys: [BROKEN_KEY],
      prices: { 'broken-large': { prompt: 1, completion: 2 } },
    },
  ];
}

const EXPECTED_IDS = [
  ['deepseek-chat', 'deepseek'],
  ['qwen-plus', 'qwen'],
  ['qwen-max', 'qwen'],
  ['broken-large', 'broken'],
];

async function listThroughRelay(brokenURL: string): Promise<{ ids: string[][]; line: string; log: RequestLog }> {
  logs = [];
  relay = await serveRelay({ rateLimit: 0, log: (record) => logs.push(record), providers: providers(brokenURL) });
  const res = await fetch(`${relay.url}/v1/models`);
  expect(res.status).toBe(200);
  const list = (await res.json()) as { data: Array<{ id: string; owned_by: string }> };
  await expect.poll(() => logs.length).toBe(1);
  const log = logs[0]!;
  return { ids: list.data.map((entry) => [entry.id, entry.owned_by]), line: formatTextLine(log), log };
}

beforeAll(async () => {
  qwen = await startFakeUpstream({ body: QWEN_LIST, headers: JSON_HEADERS });
  broken = await startFakeUpstream({ body: QWEN_LIST, headers: JSON_HEADERS });
});
afterEach(async () => {
  await relay?.close();
  relay = null;
});
afterAll(async () => {
  await qwen.close();
  await broken.close();
});

describe('GET /v1/models with a provider that cannot list its models', () => {
  const cases: Array<[string, Reply, string]> = [
    [
      'a 500',
      { status: 500, body: `{"error":{"message":"bad key ${BROKEN_KEY}"}}`, headers: JSON_HEADERS },
      'status 500',
    ],
    ['a body that is not JSON', { body: `<html>${BROKEN_KEY}</html>`, headers: JSON_HEADERS }, 'not JSON'],
    ['JSON that is not a list', { body: '{"data":"none"}', headers: JSON_HEADERS }, 'not a model list'],
  ];
  for (const [what, reply, reason] of cases) {
    it(`${what}: the others' models and its priced ones; the log names it and the reason, not the key`, async () => {
      broken.reply(reply);
      const { ids, line, log } = await listThroughRelay(broken.url);
      expect(ids).toEqual(EXPECTED_IDS);
      expect(log.error).toBe(`models from broken: ${reason}`);
      expect(line).toContain(`error="models from broken: ${reason}"`);
      expect(JSON.stringify(log)).not.toContain(BROKEN_KEY);
      expect(broken.exchanges.at(-1)!.received.headers.authorization).toBe(`Bearer ${BROKEN_KEY}`);
    });
  }

  it('connection refused: the same, logged with the error code', async () => {
    const { ids, log } = await listThroughRelay(await refusingURL());
    expect(ids).toEqual(EXPECTED_IDS);
    expect(log.error).toBe('models from broken: ECONNREFUSED');
  });

  it('a working list: every provider’s models and nothing logged', async () => {
    broken.reply({ body: JSON.stringify({ data: [{ id: 'broken-small' }] }), headers: JSON_HEADERS });
    const { ids, log } = await listThroughRelay(broken.url);
    expect(ids).toEqual([...EXPECTED_IDS.slice(0, 3), ['broken-small', 'broken']]);
    expect(log.error).toBeUndefined();
  });

  it('too slow: the list does not wait past the timeout for it', async () => {
    broken.reply({ stallBeforeHeadersMs: Infinity });
    const router = createRouter(providers(broken.url));
    const merged = await mergedModels(router, fetch, Date.now(), { timeoutMs: 300 });
    expect(merged.list.data.map((entry) => [entry.id, entry.owned_by])).toEqual(EXPECTED_IDS);
    expect(merged.failures).toEqual(['broken: timeout']);
  });
});
