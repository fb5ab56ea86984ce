// Provider presets and upstream resolution.
import { describe, expect, test } from 'vitest';
import { PROVIDERS, resolveUpstream, upstreamURL, authHeader } from '../../../src/relay/settings/providers.js';
import { createRelay } from '../../../src/relay/index.js';

describe('providers', () => {
  test('preset base URLs', () => {
    expect(PROVIDERS.openai.baseURL).toBe('https://api.openai.com/v1');
    expect(PROVIDERS.deepseek.baseURL).toBe('https://api.deepseek.com/v1');
    expect(PROVIDERS.qwen.baseURL).toBe('https://dashscope.aliyuncs.com/compatible-mode/v1');
    expect(PROVIDERS.moonshot.baseURL).toBe('https://api.moonshot.cn/v1');
    expect(PROVIDERS.zhipu.baseURL).toBe('https://open.bigmodel.cn/api/paas/v4');
    expect(PROVIDERS.openrouter.baseURL).toBe('https://openrouter.ai/api/v1');
    expect(PROVIDERS.ollama.baseURL).toBe('http://127.0.0.1:11434/v1');
    expect(PROVIDERS.azure.baseURL).toBeNull();
  });

  test('resolution: default openai, explicit upstream wins, trailing slash dropped', () => {
    expect(upstreamURL(resolveUpstream({}), '/chat/completions')).toBe('https://api.openai.com/v1/chat/completions');
    expect(upstreamURL(resolveUpstream({ provider: 'deepseek' }), '/models')).toBe(
      'https://api.deepseek.com/v1/models',
    );
    expect(
      upstreamURL(resolveUpstream({ provider: 'deepseek', upstream: 'http://127.0.0.1:1234/v1/' }), '/models'),
    ).toBe('http://127.0.0.1:1234/v1/models');
  });

  test('azure: needs a URL, uses api-key, keeps api-version', () => {
    expect(() => resolveUpstream({ provider: 'azure' })).toThrow(/upstream URL/);
    const t = resolveUpstream({
      provider: 'azure',
      upstream: 'https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21',
    });
    expect(upstreamURL(t, '/chat/completions')).toBe(
      'https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21',
    );
    expect(authHeader(t, 'k')).toEqual(['api-key', 'k']);
    expect(authHeader(resolveUpstream({}), 'k')).toEqual(['authorization', 'Bearer k']);
  });

  test('invalid configuration is refused at start-up', () => {
    expect(() => createRelay({ upstream: 'not a url' })).toThrow(TypeError);
    expect(() => createRelay({ upstream: 'file:///etc/passwd' })).toThrow(/http/);
    expect(() => createRelay({ upstream: 'https://user:pw@example.com/v1' })).toThrow(/credentials/);
    expect(() => createRelay({ provider: 'nope' as never })).toThrow(/Unknown provider/);
  });
});
