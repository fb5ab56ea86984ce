import { describe, expect, it } from 'vitest';
import { StreamLexer, lexBlocks, stableCount } from '../../../src/widget/markdown/lex.js';
import { repairMarkdown } from '../../../src/widget/markdown/repair.js';
import { CORPUS, chunksOf, oddChunks } from '../_support/corpus.js';

/** Streams `chunks` through a StreamLexer, checking after every update that nothing finished too early. */
function stream(chunks: string[]) {
  const lexer = new StreamLexer();
  const finished: string[] = [];
  let sawGrowing = false;
  for (const chunk of chunks) {
    lexer.append(chunk);
    const { finished: done, growingText } = lexer.advance();
    finished.push(...done.map((t) => t.raw));
    if (growingText) sawGrowing = true;
    // The finished prefix plus the growing tail is always exactly the text so far.
    expect(finished.join('') + growingText).toBe(lexer.text);
  }
  finished.push(...lexer.finishAll().map((t) => t.raw));
  return { finished, text: lexer.text, sawGrowing, lexer };
}

describe('StreamLexer', () => {
  for (const [name, text] of Object.entries(CORPUS)) {
    for (const [how, chunks] of [
      ['6-char chunks', chunksOf(text, 6)],
      ['odd chunks', oddChunks(text)],
      ['1-char chunks', chunksOf(text, 1)],
    ] as const) {
      it(`${name}, ${how}: finished blocks are exactly the one-shot blocks`, () => {
        const { finished, text: normalized } = stream(chunks);
        const oneShot = lexBlocks(normalized).map((t) => t.raw);
        // Every block committed while streaming is a block of the one-shot lex, in order, except that a
        // late link definition (refs) is caught by IncrementalMarkdown.finish(), not here.
        expect(finished).toEqual(oneShot);
      });
    }
  }

  it('moves finished blocks out of the tail so each update lexes only the tail', () => {
    const paragraphs = Array.from({ length: 200 }, (_, i) => `Paragraph ${i} with **bold** text.`).join('\n\n');
    const lexer = new StreamLexer();
    for (const chunk of chunksOf(paragraphs, 6)) {
      lexer.append(chunk);
      lexer.advance();
      // The growing tail never holds more than the last two paragraphs.
      expect(lexer.text.length - lexer.finishedLength).toBeLessThan(2 * 40);
    }
  });

  it('does not finish a list when the next line may still be its next item', () => {
    const lexer = new StreamLexer();
    lexer.append('1. a\n\n2');
    expect(lexer.advance().finished).toEqual([]);
    lexer.append('. b\n\nafter\n');
    const { finished } = lexer.advance();
    expect(finished.map((t) => t.type)).toEqual(['list', 'space']);
    expect((finished[0] as { items: unknown[] }).items).toHaveLength(2);
  });

  it('keeps a fence growing across blank lines until it closes', () => {
    const lexer = new StreamLexer();
    lexer.append('```\na\n\n\nb\n');
    expect(lexer.advance().finished).toEqual([]);
    lexer.append('```\n\nnext\n');
    expect(lexer.advance().finished.map((t) => t.type)).toEqual(['code', 'space']);
  });

  it('does not finish blocks inside an unbalanced HTML element', () => {
    const lexer = new StreamLexer();
    lexer.append('<details>\n\ninside\n\nmore\n\n');
    expect(lexer.advance().finished).toEqual([]);
    lexer.append('</details>\n\nafter\n');
    const types = lexer.advance().finished.map((t) => t.type);
    expect(types[0]).toBe('html');
    expect(types).toContain('paragraph');
  });

  it('does not finish a paragraph holding an unclosed inline tag', () => {
    const tail = 'a <b>bold\n\nstill bold?\n\nnext\n';
    expect(stableCount(tail, lexBlocks(tail))).toBe(0);
  });

  it('normalizes CRLF split across chunks', () => {
    const lexer = new StreamLexer();
    lexer.append('a\r');
    lexer.append('\nb\r');
    expect(lexer.text).toBe('a\nb\n');
    lexer.append('\r\n');
    expect(lexer.text).toBe('a\nb\n\n');
  });

  it('feeds link definitions from finished blocks to the tail lexer', () => {
    const lexer = new StreamLexer();
    lexer.append('[g]: https://example.com\n\npara\n\n[x][g]');
    lexer.advance();
    expect(lexer.links.g?.href).toBe('https://example.com');
  });
});

describe('repair on every prefix of the corpus', () => {
  it('never throws and leaves finished replies alone', () => {
    for (const text of Object.values(CORPUS)) {
      for (let i = 0; i <= text.length; i++) repairMarkdown(text.slice(0, i));
    }
    expect(repairMarkdown(CORPUS.paragraphs!)).toBe(CORPUS.paragraphs);
    expect(repairMarkdown(CORPUS.table!)).toBe(CORPUS.table);
  });
});
