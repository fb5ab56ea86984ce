import { describe, expect, it } from 'vitest';
import { matchesNoProxy } from '../../../../src/relay/runtimes/node/no-proxy.js';

const u = (url: string): URL => new URL(url);

describe('NO_PROXY matching', () => {
  it.each([
    ['https://api.openai.com/v1', 'api.openai.com', true],
    ['https://api.openai.com/v1', 'openai.com', true],
    ['https://api.openai.com/v1', '.openai.com', true],
    ['https://api.openai.com/v1', '*.openai.com', true],
    ['https://api.openai.com/v1', 'notopenai.com', false],
    ['https://api.openai.com/v1', 'example.com, localhost', false],
    ['https://api.openai.com/v1', '*', true],
    ['https://api.openai.com/v1', 'api.openai.com:443', true],
    ['https://api.openai.com/v1', 'api.openai.com:8443', false],
    ['http://127.0.0.1:11434/v1', '127.0.0.1', true],
    ['http://127.0.0.1:11434/v1', 'localhost 127.0.0.1:11434', true],
    ['http://127.0.0.1:11434/v1', '127.0.0.1:80', false],
    ['http://[::1]:11434/v1', '::1', true],
    ['http://[::1]:11434/v1', '[::1]:11434', true],
    ['http://API.Example.COM/v1', 'example.com', true],
    ['http://example.com/v1', '', false],
  ])('%s with NO_PROXY=%j → %s', (url, noProxy, expected) => {
    expect(matchesNoProxy(u(url), noProxy)).toBe(expected);
  });
});
