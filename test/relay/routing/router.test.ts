// Routing by model over real HTTP: the provider that lists the model gets it (with its own key), `provider/model`
// picks one and is stripped, a provider without a list takes the rest, an unknown model is a 400 saying where to
// look; and the merged /v1/models with owned_by and per-token pricing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../../src/relay/routing/router.js';
import { perTokenText } from '../../../src/relay/routing/models.js';
import { serveRelay, type ServedRelay } from '../../support/serve-relay.js';
import { completionJson, JSON_HEADERS, startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';

let deepseek: FakeUpstream;
let qwen: FakeUpstream;
let relay: ServedRelay;

const answer = (content: string) => ({ body: completionJson(content), headers: JSON_HEADERS });

function chat(model: string): Promise<Response> {
  return fetch(`${relay.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

beforeAll(async () => {
  deepseek = await startFakeUpstream(answer('from deepseek'));
  qwen = await startFakeUpstream((received) =>
    received.path.endsWith('/models')
      ? {
          body: JSON.stringify({ object: 'list', data: [{ id: 'qwen-plus' }, { id: 'qwen-max' }] }),
          headers: JSON_HEADERS,
        }
      : answer('from qwen'),
  );
  relay = await serveRelay({
    rateLimit: 0,
    providers: [
      {
        name: 'deepseek',
        baseURL: deepseek.url,
        keys: ['sk-deepseek-key-1'],
        models: ['deepseek-chat', 'deepseek-reasoner'],
        prices: { 'deepseek-chat': { prompt: 0.27, completion: 1.1 } },
      },
      { name: 'qwen', preset: 'qwen', baseURL: qwen.url, keys: ['sk-qwen-key-1'] },
    ],
  });
});
afterAll(async () => {
  await relay.close();
  await deepseek.close();
  await qwen.close();
});

describe('routing by model', () => {
  it('sends a listed model to its provider with its key, anything else to the provider without a list', async () => {
    const a = await chat('deepseek-chat');
    expect(a.status).toBe(200);
    expect(a.headers.get('x-gpt-chat-model')).toBe('deepseek-chat');
    expect(await a.text()).toContain('from deepseek');
    const last = deepseek.exchanges.at(-1)!.received;
    expect(last.headers.authorization).toBe('Bearer sk-deepseek-key-1');
    expect(last.json.model).toBe('deepseek-chat');

    const b = await chat('qwen-turbo');
    expect(await b.text()).toContain('from qwen');
    expect(qwen.exchanges.at(-1)!.received.headers.authorization).toBe('Bearer sk-qwen-key-1');
  });

  it('`provider/model` picks the provider and forwards the bare model name', async () => {
    const res = await chat('qwen/deepseek-chat');
    expect(await res.text()).toContain('from qwen');
    expect(qwen.exchanges.at(-1)!.received.json.model).toBe('deepseek-chat');
    expect(res.headers.get('x-gpt-chat-model')).toBe('qwen/deepseek-chat');
  });

  it('an unknown model (no catch-all) is a 400 that says where to look', async () => {
    const router = createRouter([{ name: 'deepseek', keys: ['k'], models: ['deepseek-chat'] }]);
    expect(router.route('gpt-4o')).toBeNull();
    expect(router.route('deepseek/x')).toEqual({ provider: router.providers[0], model: 'x' });
    const only = await serveRelay({
      rateLimit: 0,
      providers: [{ name: 'deepseek', baseURL: deepseek.url, keys: ['k'], models: ['deepseek-chat'] }],
    });
    try {
      const before = deepseek.exchanges.length;
      const res = await fetch(`${only.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string; code: string } };
      expect(body.error.code).toBe('model_not_found');
      expect(body.error.message).toContain('GET /v1/models');
      expect(body.error.message).toContain('deepseek (deepseek-chat)');
      expect(deepseek.exchanges.length).toBe(before);
    } finally {
      await only.close();
    }
  });

  it('GET /v1/models merges every provider, owned_by the provider, with per-token pricing where set', async () => {
    const res = await fetch(`${relay.url}/v1/models`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as { data: Array<Record<string, unknown>> };
    expect(list.data).toEqual([
      {
        id: 'deepseek-chat',
        object: 'model',
        created: 0,
        owned_by: 'deepseek',
        pricing: { prompt: '0.00000027', completion: '0.0000011' },
      },
      { id: 'deepseek-reasoner', object: 'model', created: 0, owned_by: 'deepseek' },
      { id: 'qwen-plus', object: 'model', created: 0, owned_by: 'qwen' },
      { id: 'qwen-max', object: 'model', created: 0, owned_by: 'qwen' },
    ]);
    expect(qwen.exchanges.at(-1)!.received.headers.authorization).toBe('Bearer sk-qwen-key-1');
  });

  it('prices print as plain decimals', () => {
    expect(perTokenText(0.27 / 1e6)).toBe('0.00000027');
    expect(perTokenText(15 / 1e6)).toBe('0.000015');
    expect(perTokenText(0)).toBe('0');
  });
});
