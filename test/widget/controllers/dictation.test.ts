import { describe, expect, it } from 'vitest';
import { spliceSpoken } from '../../../src/widget/controllers/dictation.js';

describe('spliceSpoken', () => {
  it('puts spoken words at the caret with a space where words would run together', () => {
    expect(spliceSpoken('Hello', 'there', ' world')).toEqual({ value: 'Hello there world', caret: 11 });
    expect(spliceSpoken('Hello', 'there', 'world')).toEqual({ value: 'Hello there world', caret: 11 });
    expect(spliceSpoken('Hello ', 'there', '')).toEqual({ value: 'Hello there', caret: 11 });
    expect(spliceSpoken('', 'hi', '')).toEqual({ value: 'hi', caret: 2 });
  });

  it('never puts spaces between CJK characters or full-width punctuation', () => {
    expect(spliceSpoken('你好', '今天', '。')).toEqual({ value: '你好今天。', caret: 4 });
    expect(spliceSpoken('问题：', 'why', '')).toEqual({ value: '问题：why', caret: 6 });
  });

  it('with nothing spoken gives back what was there', () => {
    expect(spliceSpoken('ab', '', 'cd')).toEqual({ value: 'abcd', caret: 2 });
  });
});
