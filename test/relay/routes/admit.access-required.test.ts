// An adapter's relay with no access token and no GPT_CHAT_PUBLIC answers the API with a 503 that says how to
// configure it; access tokens shorter than 16 characters are refused when the relay is built.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, rig, type Rig } from '../_support/helpers.js';
import { createRelay } from '../../../src/relay/index.js';
import { optionsFromEnv } from '../../../src/relay/settings/env.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('relay without access tokens where they are required', () => {
  test('chat and models → 503 naming GPT_CHAT_TOKENS and GPT_CHAT_PUBLIC; /health still answers', async () => {
    r = await rig({ ...optionsFromEnv({}), models: ['m1'] });
    for (const res of [await postChat(r.relay.url, chatBody()), await fetch(`${r.relay.url}/v1/models`)]) {
      expect(res.status).toBe(503);
      const { error } = await res.json();
      expect(error.code).toBe('access_not_configured');
      expect(error.message).toContain('GPT_CHAT_TOKENS');
      expect(error.message).toContain('GPT_CHAT_PUBLIC=1');
      expect(error.message).toContain('gpt-chat token');
    }
    expect((await fetch(`${r.relay.url}/health`)).status).toBe(200);
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('GPT_CHAT_PUBLIC=1 serves openly; a token serves with the token', async () => {
    r = await rig({ ...optionsFromEnv({ GPT_CHAT_PUBLIC: '1' }), models: ['m1'] });
    expect((await fetch(`${r.relay.url}/v1/models`)).status).toBe(200);
    await r.close();
    r = await rig({ ...optionsFromEnv({ GPT_CHAT_TOKENS: 'tok-0123456789abcdef' }), models: ['m1'] });
    expect((await fetch(`${r.relay.url}/v1/models`)).status).toBe(401);
    expect(
      (await fetch(`${r.relay.url}/v1/models`, { headers: { authorization: 'Bearer tok-0123456789abcdef' } })).status,
    ).toBe(200);
  });
});

describe('access token length', () => {
  test('tokens shorter than 16 characters are refused at start-up', () => {
    expect(() => createRelay({ accessTokens: ['secret'] })).toThrow(/at least 16 characters.*gpt-chat token/);
    expect(() => createRelay({ accessTokens: ['0123456789abcdef', 'tok-conformance'] })).toThrow(/at least 16/);
    expect(() => createRelay({ accessTokens: ['0123456789abcdef'] })).not.toThrow();
    expect(() => optionsFromEnv({ GPT_CHAT_TOKENS: 'my-secret-code' })).toThrow(/GPT_CHAT_TOKENS/);
  });
});
