// Guard: model allowlist (400 model_not_allowed), default model, max-token clamp.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from '../_support/helpers.js';
import { applyModelPolicy } from '../../../src/relay/guards/model-policy.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('applyModelPolicy', () => {
  const base = { models: ['a', 'b'], maxTokensField: 'max_tokens' as const, demo: false };
  test('defaults to the first model', () => {
    const body: any = { messages: [] };
    expect(applyModelPolicy(body, base)).toBeNull();
    expect(body.model).toBe('a');
  });
  test('clamps both fields and adds the provider field when none is set', () => {
    const body: any = { model: 'a', messages: [], max_tokens: 5000, max_completion_tokens: 10 };
    applyModelPolicy(body, { ...base, maxTokens: 100 });
    expect(body).toMatchObject({ max_tokens: 100, max_completion_tokens: 10 });
    const none: any = { model: 'a', messages: [] };
    applyModelPolicy(none, { ...base, maxTokens: 100, maxTokensField: 'max_completion_tokens' });
    expect(none).toMatchObject({ max_completion_tokens: 100 });
    expect(none.max_tokens).toBeUndefined();
  });
  test('non-string model → 400', () => {
    expect(applyModelPolicy({ model: 42 as any, messages: [] }, base)?.status).toBe(400);
  });
});

describe('model policy over HTTP', () => {
  test('a model outside the allowlist → 400 model_not_allowed, upstream not called', async () => {
    r = await rig({ models: ['deepseek-chat', 'deepseek-reasoner'] });
    const res = await postChat(r.relay.url, chatBody({ model: 'gpt-4o' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'model_not_allowed' } });
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('no model → the first allowed one goes upstream; max_tokens clamped', async () => {
    r = await rig({ models: ['deepseek-chat', 'deepseek-reasoner'], maxTokens: 256 });
    const res = await postChat(
      r.relay.url,
      JSON.stringify({ messages: [{ role: 'user', content: 'x' }], stream: true, max_tokens: 100000 }),
    );
    expect(res.status).toBe(200);
    await readBytes(res);
    expect(r.upstream.exchanges[0]!.received.json).toMatchObject({ model: 'deepseek-chat', max_tokens: 256 });
  });

  test('openai provider adds max_completion_tokens when the client set no limit', async () => {
    r = await rig({ maxTokens: 64 });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    await readBytes(res);
    expect(r.upstream.exchanges[0]!.received.json.max_completion_tokens).toBe(64);
    expect(r.upstream.exchanges[0]!.received.json.max_tokens).toBeUndefined();
  });

  test('a lower client limit is kept', async () => {
    r = await rig({ maxTokens: 64 });
    const res = await postChat(r.relay.url, chatBody({ stream: true, max_tokens: 10 }));
    await readBytes(res);
    expect(r.upstream.exchanges[0]!.received.json.max_tokens).toBe(10);
  });
});
