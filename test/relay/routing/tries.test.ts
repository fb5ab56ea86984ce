// Each try forwards the output cap under the name its provider reads: with OpenAI first, the relay's clamp adds
// max_completion_tokens, which DeepSeek (max_tokens only) must receive as max_tokens; OpenAI keeps its own name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRelay, type ServedRelay } from '../../support/serve-relay.js';
import { completionJson, JSON_HEADERS, startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';

let openai: FakeUpstream;
let deepseek: FakeUpstream;
let relay: ServedRelay;

const answer = { body: completionJson('ok'), headers: JSON_HEADERS };

async function chat(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${relay.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
  expect(res.status).toBe(200);
  await res.text();
}

beforeAll(async () => {
  openai = await startFakeUpstream(answer);
  deepseek = await startFakeUpstream(answer);
  relay = await serveRelay({
    rateLimit: 0,
    maxTokens: 100,
    providers: [
      { name: 'openai', preset: 'openai', baseURL: openai.url, keys: ['sk-openai-key-1'], models: ['gpt-4o'] },
      { name: 'deepseek', preset: 'deepseek', baseURL: deepseek.url, keys: ['sk-deepseek-key-1'] },
    ],
  });
});
afterAll(async () => {
  await relay.close();
  await openai.close();
  await deepseek.close();
});

describe('the output cap per provider', () => {
  it('is max_completion_tokens for OpenAI and max_tokens for DeepSeek when the relay adds it', async () => {
    await chat({ model: 'gpt-4o' });
    expect(openai.exchanges.at(-1)!.received.json).toMatchObject({ max_completion_tokens: 100 });
    await chat({ model: 'deepseek-chat' });
    const sent = deepseek.exchanges.at(-1)!.received.json;
    expect(sent.max_tokens).toBe(100);
    expect(sent).not.toHaveProperty('max_completion_tokens');
  });

  it("renames a client's max_completion_tokens for DeepSeek (clamped), and keeps max_tokens as sent", async () => {
    await chat({ model: 'deepseek-chat', max_completion_tokens: 500 });
    const renamed = deepseek.exchanges.at(-1)!.received.json;
    expect(renamed.max_tokens).toBe(100);
    expect(renamed).not.toHaveProperty('max_completion_tokens');
    await chat({ model: 'deepseek-chat', max_tokens: 42 });
    expect(deepseek.exchanges.at(-1)!.received.json.max_tokens).toBe(42);
  });
});
