// The error's kind comes from its code before its status: the code says whose fault it is (issue #13 part 3).
import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../../src/widget/stream/chat-error.js';

const body = (code: string, type = 'x') => JSON.stringify({ error: { message: 'm', type, code } });

describe('errorFromResponse kinds', () => {
  it.each([
    [502, body('upstream_auth_failed', 'upstream_error'), 'upstream-auth'],
    [401, body('invalid_access_token'), 'auth'],
    [401, body('missing_access_token'), 'auth'],
    [429, body('insufficient_quota', 'insufficient_quota'), 'quota'],
    [429, JSON.stringify({ error: { message: 'm', type: 'insufficient_quota', code: null } }), 'quota'],
    [429, body('rate_limit_exceeded', 'requests'), 'rate-limit'],
    [502, '<html>bad gateway</html>', 'upstream'],
  ])('%i %s → %s', (status, text, kind) => {
    expect(errorFromResponse(status, new Headers({ 'retry-after': '3' }), text)).toMatchObject({
      kind,
      retryAfterSeconds: 3,
    });
  });
});

describe('a model that cannot read images', () => {
  const said = (message: string) => JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } });
  it.each([
    'Invalid content type. image_url is only supported by certain models.',
    'This model does not support image input.',
    'Failed to deserialize the JSON body into the target type: messages[0]: unknown variant `image_url`, expected `text` at line 1 column 90',
    'No endpoints found that support image input',
  ])('400 "%s" → no-images', (message) => {
    expect(errorFromResponse(400, new Headers(), said(message)).kind).toBe('no-images');
  });
  it('other 400s stay bad requests, and a 5xx is never blamed on images', () => {
    expect(errorFromResponse(400, new Headers(), said('Invalid model')).kind).toBe('bad-request');
    expect(errorFromResponse(502, new Headers(), said('does not support image')).kind).toBe('upstream');
  });
});
