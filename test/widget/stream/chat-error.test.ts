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
