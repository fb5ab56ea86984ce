// Workers, Deno and Bun have no config file: the same JSON in GPT_CHAT_CONFIG_JSON, under the table's variables.
import { describe, expect, it } from 'vitest';
import { optionsFromEnv, RelayEnvError } from '../../../src/relay/settings/env.js';

const TOKEN = 'grandma-token-0123456789';

describe('GPT_CHAT_CONFIG_JSON', () => {
  it('sets settings and lists; a table variable overrides it; ${ENV} reads the same env', () => {
    const options = optionsFromEnv({
      GPT_CHAT_CONFIG_JSON: JSON.stringify({
        maxN: 2,
        rateLimit: 5,
        providers: [{ name: 'deepseek', preset: 'deepseek', keys: ['${DS_KEY}'] }],
        tokens: [{ name: 'grandma', token: TOKEN }],
      }),
      DS_KEY: 'sk-ds',
      GPT_CHAT_RATE_LIMIT: '9',
    });
    expect(options.maxN).toBe(2);
    expect(options.rateLimit).toBe(9);
    expect(options.providers).toEqual([{ name: 'deepseek', preset: 'deepseek', keys: ['sk-ds'] }]);
    expect(options.tokens).toEqual([{ name: 'grandma', token: TOKEN }]);
  });

  it('an invalid one fails with every error and its path', () => {
    expect(() => optionsFromEnv({ GPT_CHAT_CONFIG_JSON: '{"maxN":0,"tokens":[{"name":"a"}]}' })).toThrow(RelayEnvError);
    expect(() => optionsFromEnv({ GPT_CHAT_CONFIG_JSON: '{"maxN":0,"tokens":[{"name":"a"}]}' })).toThrow(
      /maxN: expected a whole number ≥ 1\n {2}tokens\[0\]\.token: expected at least 16/,
    );
  });
});
