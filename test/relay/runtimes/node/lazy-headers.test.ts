// The Response whose Headers are filled on first read: until then its list is its headers exactly; after, the
// Headers are the real ones (changes show) and the list is gone, so nobody writes a stale copy.
import { describe, expect, it } from 'vitest';
import { headerValue, LazyHeadersResponse } from '../../../../src/relay/runtimes/node/lazy-headers.js';

describe('LazyHeadersResponse', () => {
  it('keeps the list until the Headers are read, then moves it into them', () => {
    const record = { 'content-type': 'text/event-stream', 'x-accel-buffering': 'no' };
    const response = new LazyHeadersResponse(201, record);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.unreadHeaders).toBe(record);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.unreadHeaders).toBeNull();
    response.headers.set('vary', 'Origin');
    expect([...response.headers]).toEqual([
      ['content-type', 'text/event-stream'],
      ['vary', 'Origin'],
      ['x-accel-buffering', 'no'],
    ]);
    expect(response.body).toBeNull();
  });

  it('takes name/value pairs, a repeated name included', () => {
    const response = new LazyHeadersResponse(200, [
      ['x-many', 'a'],
      ['x-many', 'b'],
    ]);
    expect(response.headers.get('x-many')).toBe('a, b');
  });
});

describe('headerValue', () => {
  it('reads like Headers.get(): joined repeats, null when absent, no inherited names', () => {
    const pairs: [string, string][] = [
      ['x-many', 'a'],
      ['content-type', 'text/plain'],
      ['x-many', 'b'],
    ];
    expect(headerValue(pairs, 'x-many')).toBe('a, b');
    expect(headerValue(pairs, 'content-type')).toBe('text/plain');
    expect(headerValue(pairs, 'x-absent')).toBeNull();
    expect(headerValue({ 'content-type': 'text/plain' }, 'content-type')).toBe('text/plain');
    expect(headerValue({ 'content-type': 'text/plain' }, 'constructor')).toBeNull();
  });
});
