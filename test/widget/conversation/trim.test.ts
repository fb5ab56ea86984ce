import { describe, expect, it } from 'vitest';
import { estimateTokens, messageTokens, trimHistory, MESSAGE_OVERHEAD } from '../../../src/widget/conversation/trim.js';

const u = (content: string) => ({ role: 'user' as const, content });
const a = (content: string, extra: Record<string, unknown> = {}) => ({ role: 'assistant' as const, content, ...extra });

describe('estimateTokens', () => {
  it('counts CJK characters one each and other text by fours', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('こんにちは')).toBe(5);
    expect(estimateTokens('안녕')).toBe(2);
    expect(estimateTokens('你好，world')).toBe(3 + 2);
  });
});

describe('trimHistory', () => {
  it('sends everything when there is no limit', () => {
    const msgs = [u('a'), a('b'), u('c')];
    expect(trimHistory(msgs, 0, 'sys')).toEqual({ messages: msgs, trimmedCount: 0, indices: [0, 1, 2] });
    expect(trimHistory(msgs, Infinity)).toEqual({ messages: msgs, trimmedCount: 0, indices: [0, 1, 2] });
  });

  it('keeps the newest messages that fit, counting the system prompt first', () => {
    const msgs = [u('x'.repeat(40)), a('y'.repeat(40)), u('z'.repeat(40)), a('w'.repeat(40)), u('q'.repeat(40))];
    const per = MESSAGE_OVERHEAD + 10;
    const system = 'S'.repeat(40); // also 14
    const { messages, trimmedCount } = trimHistory(msgs, per * 3 + per, system);
    expect(messages.map((m) => m.content)).toEqual([msgs[2]!.content, msgs[3]!.content, msgs[4]!.content]);
    expect(trimmedCount).toBe(2);
  });

  it('a long system prompt leaves room for less history', () => {
    const msgs = [u('aaaa'), a('bbbb'), u('cccc')];
    const without = trimHistory(msgs, 15).messages.length;
    const withSystem = trimHistory(msgs, 15, 'p'.repeat(20)).messages.length;
    expect(withSystem).toBeLessThan(without);
  });

  it('always sends the newest message, even alone over budget', () => {
    const { messages, trimmedCount } = trimHistory([u('old'), a('reply'), u('x'.repeat(1000))], 10);
    expect(messages).toEqual([u('x'.repeat(1000))]);
    expect(trimmedCount).toBe(2);
  });

  it('counts Chinese by characters: the same budget holds fewer Chinese than English characters', () => {
    const zh = '你'.repeat(100);
    const en = 'y'.repeat(100);
    const budget = messageTokens({ content: en }) * 2;
    expect(trimHistory([u(en), u(en), u(en)], budget).messages).toHaveLength(2);
    expect(trimHistory([u(zh), u(zh), u(zh)], budget).messages).toHaveLength(1);
  });

  it('never sends reasoning, think blocks, error entries, greetings or empty placeholders', () => {
    const msgs = [
      a('Hi! How can I help?', { greeting: true }),
      u('question'),
      a('<think>private</think>\n\nanswer', { reasoning: 'secret' }),
      a('Network error', { status: 'error' }),
      a(''),
      u('follow-up'),
    ];
    const { messages, trimmedCount } = trimHistory(msgs, 0);
    expect(messages).toEqual([u('question'), a('answer'), u('follow-up')]);
    expect(JSON.stringify(messages)).not.toMatch(/secret|private|reasoning/);
    expect(trimmedCount).toBe(0);
  });

  it('does not start the sent history with an assistant turn', () => {
    const msgs = [u('x'.repeat(400)), a('a'.repeat(40)), u('b'.repeat(40))];
    const { messages, trimmedCount } = trimHistory(msgs, 2 * (MESSAGE_OVERHEAD + 10));
    expect(messages).toEqual([msgs[2]]);
    expect(trimmedCount).toBe(2);
  });

  it('keeps a trailing assistant message when continuing a cut-off reply', () => {
    const msgs = [u('q'), a('partial answer')];
    expect(trimHistory(msgs, 1000).messages).toEqual(msgs);
  });
});

describe('attachments', () => {
  const image = { tokens: 765 };
  it('each attachment counts its estimated tokens', () => {
    expect(messageTokens({ content: 'abcd', attachments: [image, image] })).toBe(MESSAGE_OVERHEAD + 1 + 2 * 765);
  });
  it('an older message with images is trimmed when the images do not fit; indices point at what was kept', () => {
    const msgs = [{ ...u('look'), attachments: [image, image] }, a('a cat'), u('and now?')];
    const small = trimHistory(msgs, 200);
    expect(small.messages.map((m) => m.content)).toEqual(['and now?']);
    expect(small.indices).toEqual([2]);
    expect(small.trimmedCount).toBe(2);
    const big = trimHistory(msgs, 2000);
    expect(big.indices).toEqual([0, 1, 2]);
    expect(big.messages[0]).toEqual({ role: 'user', content: 'look' });
  });
});
