// The CLI's request log: one line per record, text or JSON, only the documented fields, secrets redacted,
// and no way to forge a second line.
import { describe, expect, it } from 'vitest';
import type { RequestLog } from '../../../src/relay/settings/options.js';
import { createLogger, formatJsonLine, formatTextLine } from '../../../src/relay/log/format.js';
import { sampleRecord } from './_support/sample-record.js';

const record = sampleRecord;

function capture(
  format: 'text' | 'json' | 'off',
  secrets: string[] = [],
): { lines: string[]; log: ((r: RequestLog) => void) | undefined } {
  const lines: string[] = [];
  return { lines, log: createLogger({ format, secrets, write: (line) => lines.push(line) }) };
}

describe('request log', () => {
  it('text: one line with time, ip, model, status, ttfb, duration, bytes and usage', () => {
    expect(formatTextLine(record)).toBe(
      '2026-01-01T00:00:00.000Z 203.0.113.9 POST /v1/chat/completions gpt-4o-mini 200 ttfb=41ms 1830ms 5.2kB usage=12+345=357',
    );
    const { lines, log } = capture('text');
    log!(record);
    expect(lines).toEqual([formatTextLine(record) + '\n']);
  });

  it('text: unknown values show as "-" and errors are quoted', () => {
    expect(
      formatTextLine({
        ...record,
        ip: '',
        model: null,
        ttfbMs: null,
        usage: null,
        status: 429,
        bytes: 90,
        error: 'rate limited',
      }),
    ).toBe('2026-01-01T00:00:00.000Z - POST /v1/chat/completions - 429 ttfb=- 1830ms 90B error="rate limited"');
  });

  it('json: one object per line with exactly the documented fields', () => {
    const { lines, log } = capture('json');
    log!({ ...record, ...({ messages: [{ content: 'secret text' }], apiKey: 'sk-x' } as object) });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'time',
      'ip',
      'method',
      'path',
      'model',
      'status',
      'ttfb_ms',
      'duration_ms',
      'bytes',
      'usage',
    ]);
    expect(parsed).toMatchObject({
      model: 'gpt-4o-mini',
      status: 200,
      ttfb_ms: 41.3,
      bytes: 5321,
      usage: { total_tokens: 357 },
    });
    expect(lines[0]).not.toContain('secret text');
    expect(lines[0]).not.toContain('sk-x');
  });

  it('redacts configured keys and tokens from free-text fields', () => {
    for (const format of ['text', 'json'] as const) {
      const { lines, log } = capture(format, ['sk-live-ABCDEF123456', 'door-code-42']);
      log!({
        ...record,
        path: '/v1/chat/completions?k=sk-live-ABCDEF123456',
        error: 'upstream said: bad key sk-live-ABCDEF123456 / door-code-42',
      });
      expect(lines[0]).not.toContain('sk-live-ABCDEF123456');
      expect(lines[0]).not.toContain('door-code-42');
      expect(lines[0]).toContain('[redacted]');
    }
  });

  it('control characters cannot start a forged log line', () => {
    const { lines, log } = capture('text');
    log!({ ...record, error: 'boom\n2026-01-01T00:00:00.000Z 1.2.3.4 POST / admin 200', model: 'a\r\nb' });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split('\n')).toHaveLength(2); // the line and the empty string after its newline
  });

  it('text: a field with a space, quote, backslash or = is quoted; controls and separators are visible escapes', () => {
    const line = formatTextLine({
      ...record,
      ip: '1.2.3.4 x',
      model: 'a "b" \\ c=d\u2028\u0085\u202e\x1b',
      error: 'x"\ny',
    });
    expect(line).toBe(
      '2026-01-01T00:00:00.000Z "1.2.3.4 x" POST /v1/chat/completions "a \\"b\\" \\\\ c=d\\u2028\\x85\\u202e\\x1b" 200' +
        ' ttfb=41ms 1830ms 5.2kB usage=12+345=357 error="x\\"\\ny"',
    );
    expect(formatTextLine({ ...record, model: '-' })).toContain(' "-" 200 ');
  });

  it('json: U+2028/9, C1 and bidi controls are \\u escapes', () => {
    const line = formatJsonLine({ ...record, model: 'a\u2028b\u2029c\u0085d\u202ee' });
    expect(line).toContain('"model":"a\\u2028b\\u2029c\\u0085d\\u202ee"');
    expect(JSON.parse(line).model).toBe('a\u2028b\u2029c\u0085d\u202ee');
  });

  it('off: no logger at all', () => {
    expect(capture('off').log).toBeUndefined();
  });
});
