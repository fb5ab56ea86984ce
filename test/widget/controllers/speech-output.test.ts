import { describe, expect, it } from 'vitest';
import { replyLang, speechPieces } from '../../../src/widget/controllers/speech-output.js';

describe('replyLang', () => {
  it('reads Chinese replies in Chinese, English ones in English, whatever the UI language', () => {
    expect(replyLang('这是一个关于 React 的回答。', 'en')).toBe('zh-CN');
    expect(replyLang('This is about React hooks.', 'zh-CN')).toBe('en-US');
    expect(replyLang('これは日本語です', 'en')).toBe('ja-JP');
    expect(replyLang('안녕하세요', 'en')).toBe('ko-KR');
  });

  it('a mostly-English reply with a Chinese word follows the UI', () => {
    expect(replyLang('Use the words 你好 to greet someone in Mandarin politely.', 'en')).toBe('en-US');
    expect(replyLang('Use the words 你好 to greet someone in Mandarin politely.', 'zh-CN')).toBe('zh-CN');
  });
});

describe('speechPieces', () => {
  it('cuts after sentences into pieces of at most 200 characters, losing nothing', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const pieces = speechPieces(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(200);
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(text);
  });

  it('cuts Chinese at its full stops and an endless sentence at the limit', () => {
    expect(speechPieces('第一句。第二句！')).toEqual(['第一句。第二句！']);
    const long = '字'.repeat(450);
    const pieces = speechPieces(long);
    expect(pieces.map((p) => p.length)).toEqual([200, 200, 50]);
  });

  it('gives nothing for empty text', () => {
    expect(speechPieces('   ')).toEqual([]);
  });
});
