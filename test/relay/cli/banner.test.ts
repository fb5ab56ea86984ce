// The start-up banner's wording for the cases the process tests do not reach (binding beyond loopback is not
// done in tests): exposure warning, a keyless local provider, limits and the proxy route.
import { describe, expect, it } from 'vitest';
import { bannerText, type BannerInput } from '../../../src/relay/cli/banner.js';

const base: BannerInput = {
  version: '1.0.0',
  url: 'http://localhost:8787/',
  host: '0.0.0.0',
  relay: { apiKeys: ['sk-secret-1'] },
  upstream: 'https://api.openai.com/v1',
  provider: 'openai',
  keyRequired: true,
  route: 'via proxy socks5://127.0.0.1:1080',
  logFormat: 'json',
};

describe('bannerText', () => {
  it('warns when the relay is reachable from the network with a key and no access token', () => {
    const text = bannerText(base);
    expect(text).toContain('anyone can use your key');
    expect(text).not.toContain('Only this machine');
    expect(text).toContain('https://api.openai.com/v1 (provider openai, via proxy socks5://127.0.0.1:1080)');
    expect(text).toContain('1 key set');
    expect(text).toContain('stdout (json)');
    expect(text).not.toContain('sk-secret-1');
  });

  it('does not warn once access tokens are required', () => {
    const text = bannerText({ ...base, relay: { ...base.relay, accessTokens: ['t-1'] } });
    expect(text).not.toContain('anyone can use your key');
    expect(text).toContain('1 access token set');
    expect(text).not.toContain('t-1');
  });

  it('a keyless local provider (ollama) is not demo mode', () => {
    const text = bannerText({
      ...base,
      host: '127.0.0.1',
      relay: {},
      provider: 'ollama',
      upstream: 'http://127.0.0.1:11434/v1',
      keyRequired: false,
      route: 'direct',
    });
    expect(text).not.toContain('DEMO');
    expect(text).toContain('none (this provider needs none)');
    expect(text).toContain('Only this machine can reach it');
  });

  it('shows the limits and the model allowlist', () => {
    const text = bannerText({
      ...base,
      relay: { ...base.relay, rateLimit: 0, dailyQuota: 200, trustProxy: true, models: ['gpt-4o-mini', 'gpt-4o'] },
    });
    expect(text).toContain('no rate limit per IP, 200/day, client IP from X-Forwarded-For');
    expect(text).toContain('gpt-4o-mini, gpt-4o (default gpt-4o-mini)');
  });
});
