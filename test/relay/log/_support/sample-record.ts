// One request's log record, as the relay writes it after a streamed chat: what the log tests format and vary.
import type { RequestLog } from '../../../../src/relay/settings/options.js';

export const sampleRecord: RequestLog = {
  time: '2026-01-01T00:00:00.000Z',
  ip: '203.0.113.9',
  method: 'POST',
  path: '/v1/chat/completions',
  model: 'gpt-4o-mini',
  status: 200,
  ttfbMs: 41.26,
  durationMs: 1830.4,
  bytes: 5321,
  usage: { prompt_tokens: 12, completion_tokens: 345, total_tokens: 357 },
};
