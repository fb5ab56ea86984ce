// The shared counter store on Workers: two relay Workers (two isolates, as two Cloudflare locations would be) bound
// to one Durable Object namespace count one client's requests, and its wrong access tokens, together. With the
// in-memory default each would allow the full limit on its own, so the last request below would pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoWorkers, type TwoWorkers } from './_support/two-workers.js';

const LIMIT = 3;
const TOKEN = 'tok-counters-0123456789';

describe('DurableObjectCounterStore in workerd', () => {
  let workers: TwoWorkers;

  beforeAll(async () => {
    workers = await startTwoWorkers(
      {
        OPENAI_API_KEY: 'sk-counters',
        GPT_CHAT_RATE_LIMIT: String(LIMIT),
        GPT_CHAT_TRUST_PROXY: '1',
        GPT_CHAT_TOKENS: TOKEN,
      },
      'gpt-chat-counters-test',
    );
  });

  afterAll(() => workers?.stop());

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
    for (const url of [workers.urlA, workers.urlB, workers.urlA]) statuses.push((await chat(url, ip)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await chat(workers.urlB, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await chat(workers.urlA, '203.0.113.8')).status).toBe(200);
  });

  it('shares the wrong-token count: 5 guesses on each Worker lock the client out of both', async () => {
    const ip = '203.0.113.9';
    for (const url of [workers.urlA, workers.urlB]) {
      for (let i = 0; i < 5; i++) expect((await chat(url, ip, 'wrong-token-0123456789')).status).toBe(401);
    }
    for (const url of [workers.urlA, workers.urlB]) {
      const locked = await chat(url, ip);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(50);
    }
    expect((await chat(workers.urlB, '203.0.113.10')).status).toBe(200);
  });
});
