// The config file: every table setting by name, the lists, ${ENV} substitution, and every error with its path.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/relay/settings/config-file.js';

const TOKEN = 'family-token-0123456789';

function errors(config: unknown, env: Record<string, string> = {}): readonly string[] {
  try {
    parseConfigText(JSON.stringify(config), env, 'test.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.errors;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config file', () => {
  it('reads table settings by name (typed JSON values and strings alike) and the lists', () => {
    const file = parseConfigText(
      JSON.stringify({
        $schema: './node_modules/gpt-chat/gpt-chat.config.schema.json',
        port: 9000,
        host: '0.0.0.0',
        rateLimit: '12',
        trustProxy: true,
        allowOrigins: ['https://a.example', 'https://b.example'],
        models: 'deepseek-chat, qwen-plus',
        providers: [
          {
            name: 'deepseek',
            preset: 'deepseek',
            keys: ['sk-1'],
            prices: { 'deepseek-chat': { prompt: 0.27, completion: 1.1 } },
          },
          { name: 'local', preset: 'ollama', baseURL: 'http://127.0.0.1:11434/v1/' },
        ],
        fallbacks: { 'deepseek-chat': ['qwen-plus'] },
        tokens: [{ name: 'mum', token: TOKEN, requestsPerDay: 100, expires: '2030-01-01' }],
      }),
      {},
      'test.json',
    );
    expect(file.settings).toEqual({
      port: 9000,
      host: '0.0.0.0',
      rateLimit: 12,
      trustProxy: true,
      allowOrigins: ['https://a.example', 'https://b.example'],
      models: ['deepseek-chat', 'qwen-plus'],
    });
    expect(file.providers).toEqual([
      {
        name: 'deepseek',
        preset: 'deepseek',
        keys: ['sk-1'],
        prices: { 'deepseek-chat': { prompt: 0.27, completion: 1.1 } },
      },
      { name: 'local', preset: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', keys: [] },
    ]);
    expect(file.fallbacks).toEqual({ 'deepseek-chat': ['qwen-plus'] });
    expect(file.tokens).toEqual([{ name: 'mum', token: TOKEN, requestsPerDay: 100, expires: '2030-01-01' }]);
  });

  it('replaces ${NAME} in every string from the environment, and names each missing variable', () => {
    const env = { DEEPSEEK_KEY: 'sk-from-env', PORT_NUMBER: '7000', MUM_TOKEN: TOKEN };
    const file = parseConfigText(
      JSON.stringify({
        port: '${PORT_NUMBER}',
        providers: [
          { name: 'd', preset: 'deepseek', keys: ['${DEEPSEEK_KEY}', 'pre-${DEEPSEEK_KEY}-post', '$notref'] },
        ],
        tokens: [{ name: 'mum', token: '${MUM_TOKEN}' }],
      }),
      env,
      'x',
    );
    expect(file.settings.port).toBe(7000);
    expect(file.providers![0]!.keys).toEqual(['sk-from-env', 'pre-sk-from-env-post', '$notref']);
    expect(file.tokens![0]!.token).toBe(TOKEN);
    expect(errors({ providers: [{ name: 'd', keys: ['${NOPE_KEY}', '${ALSO_MISSING}'] }] })).toEqual([
      '${NOPE_KEY}: environment variable NOPE_KEY is not set',
      '${ALSO_MISSING}: environment variable ALSO_MISSING is not set',
    ]);
  });

  it('reports every problem with its JSON path, and never a value', () => {
    const list = errors({
      port: 70000,
      rateLimit: -1,
      trustProxy: 'maybe',
      colour: 'blue',
      accessTokens: ['short-secret'],
      providers: [
        { name: 'ok', preset: 'deepseek', keys: ['sk-secret-value'] },
        { name: 'ok', preset: 'nope', keys: [] },
        { name: 'a/b', preset: 'azure', keys: ['k'], extra: 1, prices: { m: { prompt: 'cheap' } } },
      ],
      fallbacks: { 'gpt-4o': [] },
      tokens: [{ name: 'kid', token: 'short', requestsPerDay: 1.5, expires: 'soon', admin: 'yes' }],
    });
    expect(list).toEqual([
      'port: expected a port number 0-65535',
      'rateLimit: expected a whole number ≥ 0',
      'trustProxy: expected true or false',
      'colour: unknown setting (see the $schema for the known ones)',
      'accessTokens: each token must be at least 16 characters (npx gpt-chat token prints one)',
      'providers[1].name: another provider has this name',
      'providers[1].preset: expected one of openai, deepseek, qwen, moonshot, zhipu, openrouter, ollama, azure',
      'providers[1].keys: expected a non-empty list',
      'providers[2].extra: unknown field',
      'providers[2].name: must not contain "/" (it separates provider/model)',
      'providers[2].baseURL: the azure preset needs a baseURL',
      'providers[2].prices.m: expected { "prompt": USD per 1M tokens, "completion": USD per 1M tokens }',
      'tokens[0].token: expected at least 16 characters (gpt-chat token prints one)',
      'tokens[0].requestsPerDay: expected a whole number > 0',
      'tokens[0].expires: expected an ISO date such as 2027-01-01 or 2027-01-01T00:00:00Z',
      'tokens[0].admin: expected true or false',
      'fallbacks.gpt-4o: expected a non-empty list',
    ]);
    expect(list.join('\n')).not.toContain('sk-secret-value');
    expect(list.join('\n')).not.toContain('short-secret');
  });

  it('refuses malformed JSON, a non-object, and providers next to a single provider', () => {
    expect(() => parseConfigText('{ port: 1 }', {}, 'bad.json')).toThrow(/bad\.json:\n {2}not valid JSON/);
    expect(() => parseConfigText('[]', {}, 'bad.json')).toThrow(/expected a JSON object/);
    expect(errors({ apiKeys: ['sk'], providers: [{ name: 'd', keys: ['k'] }] })).toEqual([
      'providers: give either "providers" or provider/upstream/apiKeys, not both',
    ]);
  });
});
