// Guard: request parameters. Ordinary chat-completion fields pass; cost-raising or data-keeping fields and unknown
// ones → 400 naming the field and --allow-param; max_tokens / max_completion_tokens / n must be positive integers.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from '../_support/helpers.js';
import { BLOCKED_PARAMS, STANDARD_PARAMS, checkParams } from '../../../src/relay/guards/params.js';
import fc from 'fast-check';
import { PROVIDERS } from '../../../src/relay/settings/providers.js';
import type { ChatCompletionRequest } from '../../../src/shared/openai.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

async function refused(res: Response, code: string, param: string): Promise<string> {
  expect(res.status).toBe(400);
  const { error } = await res.json();
  expect(error).toMatchObject({ type: 'invalid_request_error', code, param });
  expect(error.message).toContain(param);
  return error.message as string;
}

describe('checkParams', () => {
  const policy = { allowed: new Set(STANDARD_PARAMS), maxN: 1 };
  test('null limits count as unset and are dropped', () => {
    const body: Record<string, unknown> = { messages: [], max_tokens: null, max_completion_tokens: null, n: null };
    expect(checkParams(body as unknown as ChatCompletionRequest, policy)).toBeNull();
    expect(body).toEqual({ messages: [] });
  });
  test('the blocked list is what the issue names', () => {
    expect([...BLOCKED_PARAMS].sort()).toEqual([
      'audio',
      'logprobs',
      'metadata',
      'modalities',
      'prediction',
      'service_tier',
      'store',
      'top_logprobs',
      'web_search_options',
    ]);
    for (const name of BLOCKED_PARAMS) expect(STANDARD_PARAMS).not.toContain(name);
  });
});

describe('request parameters over HTTP', () => {
  test('every ordinary chat-completion field reaches the upstream', async () => {
    r = await rig();
    const extra = {
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.5,
      top_p: 0.9,
      max_tokens: 50,
      max_completion_tokens: 60,
      n: 1,
      stop: ['x'],
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      logit_bias: { '50256': -100 },
      user: 'u1',
      seed: 7,
      response_format: { type: 'text' },
      tools: [],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      functions: [],
      function_call: 'auto',
      reasoning_effort: 'low',
    };
    const res = await postChat(r.relay.url, chatBody(extra));
    expect(res.status).toBe(200);
    await readBytes(res);
    expect(r.upstream.exchanges[0]!.received.json).toMatchObject({ ...extra, model: 'fake-model' });
  });

  test.each([...BLOCKED_PARAMS, 'unknown_field', 'enable_thinking', 'base_url'])(
    '%s → 400 naming it and --allow-param',
    async (field) => {
      r = await rig();
      const message = await refused(
        await postChat(r.relay.url, chatBody({ [field]: true })),
        'param_not_allowed',
        field,
      );
      expect(message).toContain(`--allow-param ${field}`);
      expect(r.upstream.exchanges).toHaveLength(0);
    },
  );

  test('refused in demo mode too', async () => {
    r = await rig({ apiKeys: [] });
    await refused(
      await postChat(r.relay.url, chatBody({ model: 'demo', service_tier: 'priority' })),
      'param_not_allowed',
      'service_tier',
    );
  });

  test('--allow-param lets a field through to the upstream', async () => {
    r = await rig({ allowParams: ['store', 'my_field'] });
    const res = await postChat(r.relay.url, chatBody({ stream: true, store: true, my_field: 1 }));
    expect(res.status).toBe(200);
    await readBytes(res);
    expect(r.upstream.exchanges[0]!.received.json).toMatchObject({ store: true, my_field: 1 });
    await refused(await postChat(r.relay.url, chatBody({ metadata: {} })), 'param_not_allowed', 'metadata');
  });

  test('a provider preset allows its own fields (qwen: enable_thinking), others do not', async () => {
    r = await rig((u) => ({ provider: 'qwen', upstream: u.url }));
    const res = await postChat(r.relay.url, chatBody({ stream: true, enable_thinking: false, thinking_budget: 100 }));
    expect(res.status).toBe(200);
    await readBytes(res);
    expect(r.upstream.exchanges[0]!.received.json).toMatchObject({ enable_thinking: false, thinking_budget: 100 });
    await refused(await postChat(r.relay.url, chatBody({ store: true })), 'param_not_allowed', 'store');
    expect(PROVIDERS.openrouter.extraParams).toContain('reasoning');
    expect(PROVIDERS.ollama.extraParams).not.toContain('options'); // options.num_predict would lift the clamp
  });

  const BAD_LIMITS: Array<[string, string]> = [
    ['"5000"', 'string'],
    ['true', 'boolean'],
    ['[5]', 'array'],
    ['-1', 'negative'],
    ['0', 'zero'],
    ['1.5', 'fraction'],
    ['1e400', 'infinite'],
    ['{}', 'object'],
    ['9007199254740993', 'unsafe integer'],
  ];
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    test.each(BAD_LIMITS)(`${field}: %s (%s) → 400`, async (raw) => {
      r = await rig({ maxTokens: 100 });
      const body = chatBody().replace(/}$/, `,"${field}":${raw}}`);
      await refused(await postChat(r.relay.url, body), 'invalid_max_tokens', field);
      expect(r.upstream.exchanges).toHaveLength(0);
    });
  }

  test('a valid max_tokens is still clamped', async () => {
    r = await rig({ maxTokens: 100 });
    await readBytes(await postChat(r.relay.url, chatBody({ stream: true, max_tokens: 5000 })));
    expect(r.upstream.exchanges[0]!.received.json.max_tokens).toBe(100);
  });

  test.each([['"2"'], ['1.5'], ['0'], ['-1'], ['true'], ['[1]'], ['1e400']])('n: %s → 400 invalid_n', async (raw) => {
    r = await rig();
    await refused(await postChat(r.relay.url, chatBody().replace(/}$/, `,"n":${raw}}`)), 'invalid_n', 'n');
  });

  test('n above --max-n (default 1) → 400 n_not_allowed; up to it passes', async () => {
    r = await rig();
    const message = await refused(await postChat(r.relay.url, chatBody({ n: 2 })), 'n_not_allowed', 'n');
    expect(message).toContain('--max-n');
    await refused(await postChat(r.relay.url, chatBody({ n: 128 })), 'n_not_allowed', 'n');
    await r.close();
    r = await rig({ maxN: 3 });
    const ok = await postChat(r.relay.url, chatBody({ stream: true, n: 3 }));
    expect(ok.status).toBe(200);
    await readBytes(ok);
    await refused(await postChat(r.relay.url, chatBody({ n: 4 })), 'n_not_allowed', 'n');
    expect(r.upstream.exchanges).toHaveLength(1);
  });
});

describe('checkParams over arbitrary JSON values', () => {
  const policy = { allowed: new Set(STANDARD_PARAMS), maxN: 4 };
  const positive = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
  test('a limit passes exactly when it is a positive safe integer (null = unset); n also ≤ maxN', () => {
    fc.assert(
      fc.property(fc.constantFrom('max_tokens', 'max_completion_tokens', 'n'), fc.jsonValue(), (field, value) => {
        const body = { messages: [], [field]: value } as unknown as ChatCompletionRequest;
        const ok = value === null || (positive(value) && (field !== 'n' || (value as number) <= 4));
        expect(checkParams(body, policy) === null).toBe(ok);
      }),
      { numRuns: 3000 },
    );
  });
  test('any field outside the allowlist is refused, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !policy.allowed.has(k)),
        async (field) => {
          const res = checkParams({ messages: [], [field]: 1 } as unknown as ChatCompletionRequest, policy);
          expect(res?.status).toBe(400);
          expect((await res!.json()).error.param).toBe(field);
        },
      ),
      { numRuns: 300 },
    );
  });
});
