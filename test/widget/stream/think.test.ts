import { describe, expect, it } from 'vitest';
import { ThinkSplitter, splitThink } from '../../../src/widget/stream/think.js';

function streamSplit(chunks: string[]) {
  const s = new ThinkSplitter();
  let reasoning = '';
  let content = '';
  for (const c of chunks) {
    const p = s.push(c);
    reasoning += p.reasoning;
    content += p.content;
  }
  const e = s.end();
  return { reasoning: reasoning + e.reasoning, content: content + e.content };
}

function everySplit(text: string) {
  // Every two-way and every 1-char split must give the one-shot answer.
  const whole = splitThink(text);
  for (let i = 0; i <= text.length; i++) expect(streamSplit([text.slice(0, i), text.slice(i)])).toEqual(whole);
  expect(streamSplit(Array.from(text))).toEqual(whole);
  return whole;
}

describe('think splitting', () => {
  it('splits a think block from content', () => {
    expect(everySplit('<think>\nLet me think.\n</think>\n\nThe answer is 42.')).toEqual({
      reasoning: 'Let me think.\n',
      content: 'The answer is 42.',
    });
  });

  it('handles leading whitespace before the tag and CJK text', () => {
    expect(everySplit('  \n<think>嗯，用户问的是天气。</think>今天晴。')).toEqual({
      reasoning: '嗯，用户问的是天气。',
      content: '今天晴。',
    });
  });

  it('keeps an unclosed think block as reasoning (stopped mid-thought)', () => {
    expect(everySplit('<think>still thinking <thi')).toEqual({ reasoning: 'still thinking <thi', content: '' });
  });

  it('leaves text without a leading think block alone, including a later <think> mention', () => {
    const text = 'Use the `<think>` tag like <think>this</think>.';
    expect(everySplit(text)).toEqual({ reasoning: '', content: text });
  });

  it('does not hold back content that only looks like a tag prefix', () => {
    const s = new ThinkSplitter();
    expect(s.push('<t')).toEqual({ reasoning: '', content: '' });
    expect(s.push('able>')).toEqual({ reasoning: '', content: '<table>' });
  });

  it('releases a held partial closing tag when it turns out not to be one', () => {
    const s = new ThinkSplitter();
    expect(s.push('<think>a </th')).toEqual({ reasoning: 'a ', content: '' });
    expect(s.push('ing')).toEqual({ reasoning: '</thing', content: '' });
  });

  it('emits content as it arrives (no buffering beyond a possible tag)', () => {
    const s = new ThinkSplitter();
    s.push('<think>x</think>');
    expect(s.push('Hello')).toEqual({ reasoning: '', content: 'Hello' });
    expect(s.push(' <')).toEqual({ reasoning: '', content: ' <' });
  });
});
