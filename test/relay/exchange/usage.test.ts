// Usage scanning for the log: last "usage" object in the tail of what passed through.
import { describe, expect, test } from 'vitest';
import { findLastUsage, TailBuffer } from '../../../src/relay/exchange/usage.js';
import { sseReply } from '../../support/fake-upstream.js';

describe('findLastUsage', () => {
  test('nested details and braces inside strings', () => {
    const text = `data: {"choices":[{"delta":{"content":"a } { \\"usage\\": {"}}],"usage":null}\n\ndata: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10,"prompt_tokens_details":{"cached_tokens":0}}}\n\ndata: [DONE]\n\n`;
    expect(findLastUsage(text)).toEqual({ prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 });
  });
  test('none, null, or a cut-off object → null', () => {
    expect(findLastUsage('data: {"usage":null}\n\n')).toBeNull();
    expect(findLastUsage('data: {"usage":{"prompt_tokens":1,"compl')).toBeNull();
    expect(findLastUsage('')).toBeNull();
  });
  test('pretty-printed JSON completion', () => {
    expect(findLastUsage('{\n  "usage" : {\n "prompt_tokens": 2,\n "completion_tokens": 3\n }\n}')).toEqual({
      prompt_tokens: 2,
      completion_tokens: 3,
      total_tokens: 5,
    });
  });
});

describe('TailBuffer', () => {
  test('keeps the end of a long stream of small chunks, across chunk borders', () => {
    const tail = new TailBuffer();
    const enc = new TextEncoder();
    const filler = Array.from({ length: 5000 }, (_, i) => `data: {"n":${i}}\n\n`);
    for (const piece of [...filler, ...sseReply(['x'], { prompt: 4, completion: 5 })]) {
      const bytes = enc.encode(piece);
      tail.push(bytes.subarray(0, 3));
      tail.push(bytes.subarray(3));
    }
    const text = tail.text();
    expect(text.length).toBeLessThan(20_000);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(findLastUsage(text)).toEqual({ prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 });
  });

  test('a multi-byte character split by the ring wrap decodes whole', () => {
    const tail = new TailBuffer();
    const enc = new TextEncoder();
    // 4,095 ASCII bytes, then "你" (3 bytes): its bytes straddle the 4 KB wrap point.
    tail.push(enc.encode('a'.repeat(4095)));
    tail.push(enc.encode('你好 end'));
    const text = tail.text();
    expect(text.endsWith('你好 end')).toBe(true);
    expect(text).not.toContain('\uFFFD');
  });

  test('a tail that ends exactly on the ring wrap reads in order', () => {
    const tail = new TailBuffer();
    const enc = new TextEncoder();
    tail.push(enc.encode('x'.repeat(4096)));
    tail.push(enc.encode('a'.repeat(4095) + 'z'));
    expect(tail.text()).toBe('a'.repeat(4095) + 'z');
  });

  test('release() empties it and its ring serves the next buffer without old bytes showing', () => {
    const enc = new TextEncoder();
    const first = new TailBuffer();
    first.push(enc.encode('"usage":{"prompt_tokens":1,"completion_tokens":1}'));
    first.release();
    expect(first.text()).toBe('');
    const next = new TailBuffer();
    next.push(enc.encode('short'));
    expect(next.text()).toBe('short');
  });
});
