// OpenAI-shaped error helpers and upstream error normalization.
import { describe, expect, test } from 'vitest';
import { errorEvent, errorTypeFor, openaiError } from '../../src/relay/errors.js';
import { normalizeUpstreamError, redactSecrets } from '../../src/relay/upstream/http.js';

describe('openaiError', () => {
  test('status, JSON body, extra headers', async () => {
    const res = openaiError(429, 'slow', undefined, undefined, { 'retry-after': '3' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({
      error: { message: 'slow', type: 'rate_limit_error', code: 'rate_limit_exceeded' },
    });
  });
  test('types by status', () => {
    expect([400, 401, 403, 404, 413, 429, 500, 502, 504].map(errorTypeFor)).toEqual([
      'invalid_request_error',
      'authentication_error',
      'permission_error',
      'not_found_error',
      'invalid_request_error',
      'rate_limit_error',
      'server_error',
      'upstream_error',
      'timeout_error',
    ]);
  });
  test('error event is one SSE event on one line', () => {
    const e = errorEvent(502, 'cut\nhere');
    expect(e.startsWith('data: {')).toBe(true);
    expect(e.endsWith('}\n\n')).toBe(true);
    expect(e.slice(0, -2)).not.toContain('\n');
  });
});

describe('normalizeUpstreamError', () => {
  test('OpenAI shape passes byte-for-byte', () => {
    const body = '{ "error": { "message": "x", "type": "t", "code": null } }';
    expect(normalizeUpstreamError(400, body, [])).toBe(body);
  });
  test('{message} / {detail} shapes and HTML', () => {
    expect(JSON.parse(normalizeUpstreamError(400, '{"message":"bad thing","code":1214}', [])).error).toMatchObject({
      message: 'bad thing',
      code: '1214',
    });
    expect(JSON.parse(normalizeUpstreamError(422, '{"detail":"nope"}', [])).error.message).toBe('nope');
    const html = JSON.parse(normalizeUpstreamError(503, '<html><title>Service Unavailable</title></html>', []));
    expect(html.error).toMatchObject({ type: 'upstream_error', code: 'service_unavailable' });
    expect(html.error.message).toContain('Service Unavailable');
  });
  test('configured keys and sk- keys are redacted', () => {
    expect(redactSecrets('key abc123456 and sk-proj-abcdefgh', ['abc123456'])).toBe('key [redacted] and [redacted]');
  });
});
