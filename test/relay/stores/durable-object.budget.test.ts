// Named tokens' budgets on Workers: two relay Workers (two isolates) bound to one Durable Object namespace share one
// token's requestsPerDay, with parallel requests racing it on both; the config comes in GPT_CHAT_CONFIG_JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoWorkers, type TwoWorkers } from './_support/two-workers.js';

const LIMIT = 4;
const TOKEN = 'kid-token-workerd-0123456789';

describe('named-token budget in workerd, shared by two isolates', () => {
  let workers: TwoWorkers;

  beforeAll(async () => {
    workers = await startTwoWorkers(
      {
        OPENAI_API_KEY: 'sk-counters',
        GPT_CHAT_RATE_LIMIT: '0',
        GPT_CHAT_CONFIG_JSON: JSON.stringify({
          tokens: [{ name: 'kid', token: TOKEN, requestsPerDay: LIMIT, admin: true }],
        }),
      },
      'gpt-chat-budget-test',
      {
        id: 'x',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-test',
        choices: [],
        usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
      },
    );
  });

  afterAll(() => workers?.stop());

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
    const answers = await Promise.all(
      Array.from({ length: 3 * LIMIT }, (_, i) => chat(i % 2 ? workers.urlB : workers.urlA)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * LIMIT);
    expect(answers.find((answer) => answer.status === 429)!.body).toContain('budget_exceeded');
    // Each admitted request's reported usage is settled after its response ended (waitUntil on Workers).
    const usage = await fetch(`${workers.urlB}/v1/usage`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(usage.status).toBe(200);
    await expect
      .poll(
        async () => {
          const report = await (
            await fetch(`${workers.urlA}/v1/usage`, { headers: { authorization: `Bearer ${TOKEN}` } })
          ).json();
          const today = report.tokens.find((row: { name: string }) => row.name === 'kid').today;
          return [today.requests, today.prompt_tokens, today.completion_tokens];
        },
        { timeout: 10_000 },
      )
      .toEqual([LIMIT, 7 * LIMIT, 3 * LIMIT]);
  });
});
