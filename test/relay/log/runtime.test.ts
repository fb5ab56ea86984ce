// requestLogger: the Workers/Deno/Bun request log honours GPT_CHAT_LOG_FORMAT and never prints a configured secret.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestLogger } from '../../../src/relay/log/runtime.js';
import type { RequestLog } from '../../../src/relay/settings/options.js';

const record: RequestLog = {
  time: '2026-01-01T00:00:00.000Z',
  ip: '203.0.113.9',
  method: 'POST',
  path: '/v1/chat/completions?leak=sk-secret-key',
  model: 'gpt-test',
  status: 200,
  ttfbMs: 12.3,
  durationMs: 456.7,
  bytes: 789,
  usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
};

describe('requestLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  const capture = () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    return lines;
  };

  it('writes one JSON line by default on Workers, with configured secrets redacted', () => {
    const lines = capture();
    requestLogger({}, { apiKeys: ['sk-secret-key'], accessTokens: ['tok-1234'] }, 'json')!(record);
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(parsed).toMatchObject({ ip: '203.0.113.9', status: 200, model: 'gpt-test', bytes: 789 });
    expect(lines[0]).not.toContain('sk-secret-key');
  });

  it('follows GPT_CHAT_LOG_FORMAT: text, or off', () => {
    const lines = capture();
    requestLogger({ GPT_CHAT_LOG_FORMAT: 'text' }, {}, 'json')!(record);
    expect(lines[0]).toMatch(/^2026-01-01T00:00:00.000Z 203\.0\.113\.9 POST /);
    expect(requestLogger({ GPT_CHAT_LOG_FORMAT: 'off' }, {}, 'json')).toBeUndefined();
    expect(() => requestLogger({ GPT_CHAT_LOG_FORMAT: 'xml' }, {}, 'json')).toThrow(/GPT_CHAT_LOG_FORMAT/);
  });
});
