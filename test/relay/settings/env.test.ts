// optionsFromEnv: the environment names every runtime adapter reads, validated at start-up; listenAddressFromEnv:
// PORT and HOST for the Deno and Bun entries, parsed by the settings table as the CLI parses them.
import { describe, expect, it } from 'vitest';
import { listenAddressFromEnv, optionsFromEnv, parseList, RelayEnvError } from '../../../src/relay/settings/env.js';

describe('optionsFromEnv', () => {
  it('maps every documented name to its option', () => {
    const options = optionsFromEnv({
      OPENAI_BASE_URL: 'https://api.deepseek.com/v1/',
      GPT_CHAT_PROVIDER: 'DeepSeek',
      OPENAI_API_KEY: 'sk-a, sk-b',
      GPT_CHAT_TOKENS: 'tok-1-0123456789abcdef,tok-2-0123456789abcdef',
      GPT_CHAT_PUBLIC: '0',
      GPT_CHAT_MAX_N: '2',
      GPT_CHAT_ALLOW_PARAMS: 'store, metadata',
      GPT_CHAT_ORIGINS: 'https://a.example, http://localhost:*',
      GPT_CHAT_MODELS: 'deepseek-chat,deepseek-reasoner',
      GPT_CHAT_MAX_TOKENS: '4096',
      GPT_CHAT_RATE_LIMIT: '0',
      GPT_CHAT_DAILY_QUOTA: '500',
      GPT_CHAT_TRUST_PROXY: 'true',
      GPT_CHAT_HEARTBEAT: '1.5',
      GPT_CHAT_TIMEOUT: '900',
      GPT_CHAT_SEND_TIMEOUT: '30',
      GPT_CHAT_BODY_LIMIT: '2097152',
    });
    expect(options).toEqual({
      upstream: 'https://api.deepseek.com/v1',
      provider: 'deepseek',
      apiKeys: ['sk-a', 'sk-b'],
      accessTokens: ['tok-1-0123456789abcdef', 'tok-2-0123456789abcdef'],
      requireAccessToken: true,
      maxN: 2,
      allowParams: ['store', 'metadata'],
      allowOrigins: ['https://a.example', 'http://localhost:*'],
      models: ['deepseek-chat', 'deepseek-reasoner'],
      maxTokens: 4096,
      rateLimit: 0,
      dailyQuota: 500,
      trustProxy: true,
      heartbeatSeconds: 1.5,
      timeoutSeconds: 900,
      sendTimeoutSeconds: 30,
      bodyLimit: 2097152,
    });
  });

  it('leaves unset and empty names out, so the relay defaults apply', () => {
    // requireAccessToken is always set: an adapter without tokens refuses API requests unless GPT_CHAT_PUBLIC says so.
    expect(optionsFromEnv({ OPENAI_API_KEY: '  ', GPT_CHAT_MODELS: ',', PATH: '/usr/bin' })).toEqual({
      requireAccessToken: true,
    });
    // Workers bindings that are not strings (Durable Objects, KV) are ignored.
    expect(optionsFromEnv({ COUNTERS: {}, GPT_CHAT_RATE_LIMIT: 7 as unknown as string })).toEqual({
      requireAccessToken: true,
    });
    expect(optionsFromEnv({ GPT_CHAT_PUBLIC: '1' })).toEqual({ requireAccessToken: false });
  });

  it('rejects bad values naming the variable, never echoing the value', () => {
    expect(() => optionsFromEnv({ GPT_CHAT_RATE_LIMIT: 'ten' })).toThrow(RelayEnvError);
    expect(() => optionsFromEnv({ GPT_CHAT_RATE_LIMIT: '-1' })).toThrow(/GPT_CHAT_RATE_LIMIT/);
    expect(() => optionsFromEnv({ GPT_CHAT_MAX_TOKENS: '1.5' })).toThrow(/GPT_CHAT_MAX_TOKENS/);
    expect(() => optionsFromEnv({ GPT_CHAT_MAX_TOKENS: '0' })).toThrow(
      /GPT_CHAT_MAX_TOKENS must be a whole number > 0/,
    );
    expect(() => optionsFromEnv({ GPT_CHAT_PROVIDER: 'nope' })).toThrow(/GPT_CHAT_PROVIDER/);
    expect(() => optionsFromEnv({ GPT_CHAT_TRUST_PROXY: 'maybe' })).toThrow(/GPT_CHAT_TRUST_PROXY/);
    expect(() => optionsFromEnv({ GPT_CHAT_TOKENS: 'tok-conformance' })).toThrow(
      /GPT_CHAT_TOKENS: each token must be at least 16/,
    );
    expect(() => optionsFromEnv({ GPT_CHAT_MAX_N: '0' })).toThrow(/GPT_CHAT_MAX_N/);
    expect(() => optionsFromEnv({ OPENAI_BASE_URL: 'ftp://sk-secret@host/v1' })).toThrow(/OPENAI_BASE_URL/);
    try {
      optionsFromEnv({ OPENAI_BASE_URL: 'not a url sk-secret' });
    } catch (error) {
      expect(String(error)).not.toContain('sk-secret');
    }
  });

  it('parseList trims and drops empty items', () => {
    expect(parseList(' a ,, b ,')).toEqual(['a', 'b']);
    expect(parseList(' , ')).toBeUndefined();
    expect(parseList(undefined)).toBeUndefined();
  });
});

describe('listenAddressFromEnv', () => {
  it("defaults to the table's port and host", () => {
    expect(listenAddressFromEnv({})).toEqual({ port: 8787, host: '127.0.0.1' });
    expect(listenAddressFromEnv({ PORT: ' ', HOST: '' })).toEqual({ port: 8787, host: '127.0.0.1' });
  });

  it('reads PORT and HOST, trimmed', () => {
    expect(listenAddressFromEnv({ PORT: ' 0 ', HOST: ' 0.0.0.0 ' })).toEqual({ port: 0, host: '0.0.0.0' });
    expect(listenAddressFromEnv({ PORT: '65535', HOST: '::1' })).toEqual({ port: 65535, host: '::1' });
  });

  it('refuses a PORT that is not a port number, naming the variable (Number() gave NaN, -1 or 80.5 to the server)', () => {
    for (const port of ['http', '-1', '65536', '80.5']) {
      expect(() => listenAddressFromEnv({ PORT: port })).toThrow(RelayEnvError);
      expect(() => listenAddressFromEnv({ PORT: port })).toThrow(/^PORT/);
    }
  });
});
