// GET /v1/models passes the upstream's list through untouched — OpenRouter's `pricing` included, which the
// element reads to show what a reply cost.
import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { rig, type Rig } from '../_support/helpers.js';
import { JSON_HEADERS } from '../../support/fake-upstream.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const OPENROUTER_LIST = {
  object: 'list',
  data: [
    {
      id: 'openai/gpt-4o-mini',
      name: 'OpenAI: GPT-4o-mini',
      context_length: 128000,
      pricing: { prompt: '0.00000015', completion: '0.0000006', request: '0', image: '0.000217' },
    },
    { id: 'openrouter/auto', name: 'Auto Router', pricing: { prompt: '-1', completion: '-1' } },
  ],
};

describe('GET /v1/models', () => {
  test('passes pricing through, as the openai SDK lists it', async () => {
    r = await rig({}, { headers: JSON_HEADERS, chunks: [JSON.stringify(OPENROUTER_LIST)] });
    const client = new OpenAI({ baseURL: `${r.relay.url}/v1`, apiKey: 'unused-client-key', maxRetries: 0 });
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((m) => m.id)).toEqual(['openai/gpt-4o-mini', 'openrouter/auto']);
    expect((models[0] as unknown as { pricing: unknown }).pricing).toEqual(OPENROUTER_LIST.data[0]!.pricing);
    expect((models[1] as unknown as { pricing: unknown }).pricing).toEqual({ prompt: '-1', completion: '-1' });
  });

  test('the raw body is byte for byte the upstream’s', async () => {
    const body = JSON.stringify(OPENROUTER_LIST);
    r = await rig({}, { headers: JSON_HEADERS, chunks: [body.slice(0, 50), body.slice(50)] });
    const res = await fetch(`${r.relay.url}/v1/models`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
  });
});
