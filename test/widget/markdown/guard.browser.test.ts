// The complexity guard (src/widget/markdown/guard.ts), in real Chromium: blocks past a limit are shown as
// escaped plain text (`.md-plain`), blocks under every limit render exactly as marked alone renders them,
// only the offending block is affected, and streaming decides exactly as the one-shot render does.
import { Lexer } from 'marked';
import { ok, equal, notIncludes } from '../_support/assert.js';
import { renderMarkdown } from '../../../src/widget/markdown/index.js';
import { repairMarkdown, MAX_REPAIRED_SPANS } from '../../../src/widget/markdown/repair.js';
import { IncrementalMarkdown } from '../../../src/widget/markdown/incremental.js';
import { renderTokens, LEXER_OPTIONS } from '../../../src/widget/markdown/render.js';
import { sanitizeToFragment } from '../../../src/widget/markdown/sanitize.js';
import {
  MAX_NESTING,
  MAX_EMPHASIS_WORK,
  MAX_INLINE_MARKUP,
  MAX_TABLE_CELLS,
  MAX_TABLE_ROWS,
} from '../../../src/widget/markdown/guard.js';
import { plainPieces, PIECE_LINES, PIECE_CHARS } from '../../../src/widget/markdown/plain.js';
import { CORPUS, chunksOf, oddChunks } from '../_support/corpus.js';

function html(text: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(text, { highlight: false }));
  return div.innerHTML;
}

/** What marked alone (no guard) produces for the text, through the same renderer and sanitizer. */
function unguardedHtml(text: string): string {
  const div = document.createElement('div');
  div.append(sanitizeToFragment(renderTokens(new Lexer({ ...LEXER_OPTIONS }).lex(text))));
  return div.innerHTML;
}

const plainCount = (text: string) => (html(text).match(/class="md-plain"/g) ?? []).length;

/** A paragraph of `d` unmatched intraword underscores ("a_a_a_", the quadratic pattern), `n` characters long. */
function emphasisParagraph(d: number, n: number): string {
  return 'a_'.repeat(d) + 'b'.repeat(n - 2 * d);
}

function streamed(chunks: string[]): string {
  const container = document.createElement('div');
  const md = new IncrementalMarkdown(container, { highlight: false });
  for (const chunk of chunks) {
    md.append(chunk);
    md.flush();
  }
  md.finish();
  return container.innerHTML;
}

describe('complexity guard', () => {
  it('leaves every corpus reply byte-identical to marked without the guard', () => {
    const all = Object.values(CORPUS);
    for (const text of [...all, all.join('\n\n')]) {
      const normalized = text.replace(/\r\n?/g, '\n');
      equal(html(text), unguardedHtml(normalized), JSON.stringify(text.slice(0, 40)));
      notIncludes(html(text), 'md-plain');
    }
  });

  it('realistic heavy blocks stay Markdown: a long emphasis-rich paragraph, a deep list, a big table, many links', () => {
    const paragraph = Array.from({ length: 60 }, (_, i) => `word **bold ${i}** and _em_ with snake_case_name`).join(
      ' ',
    );
    const list = Array.from({ length: 8 }, (_, i) => ' '.repeat(i * 2) + `- level ${i + 1} with \`code\``).join('\n');
    const table = '| a | b | c | d |\n|---|---|---|---|\n' + '| 1 | **2** | `3` | [4](https://e.com) |\n'.repeat(300);
    const links = Array.from({ length: 400 }, (_, i) => `[link ${i}](https://example.com/${i})`).join(', ');
    for (const text of [paragraph, list, table, links]) {
      equal(plainCount(text), 0, JSON.stringify(text.slice(0, 40)));
      equal(html(text), unguardedHtml(text));
    }
  });

  it('emphasis work (delimiters × length) over the limit → plain text; at the limit → Markdown', () => {
    const n = 4000;
    const under = Math.floor(MAX_EMPHASIS_WORK / n);
    equal(plainCount(emphasisParagraph(under, n)), 0);
    equal(plainCount(emphasisParagraph(under + 10, n)), 1);
    equal(plainCount('a_'.repeat(20000)), 1);
  });

  it(`nesting deeper than ${MAX_NESTING} levels → plain text (quotes and lists)`, () => {
    equal(plainCount('> '.repeat(MAX_NESTING) + 'x'), 0);
    equal(html('> '.repeat(MAX_NESTING) + 'x').split('<blockquote>').length - 1, MAX_NESTING);
    equal(plainCount('> '.repeat(MAX_NESTING + 1) + 'x'), 1);
    const list = (depth: number) => Array.from({ length: depth }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n');
    equal(plainCount(list(MAX_NESTING - 1)), 0);
    equal(plainCount(list(200)), 1);
    equal(plainCount('>'.repeat(5000) + ' x'), 1);
  });

  it(`tables over ${MAX_TABLE_CELLS} cells or ${MAX_TABLE_ROWS} rows → plain text`, () => {
    const table = (cols: number, rows: number) =>
      '|' + ' a |'.repeat(cols) + '\n|' + '---|'.repeat(cols) + '\n' + ('|' + ' x |'.repeat(cols) + '\n').repeat(rows);
    // Cells: 10 columns × (1 header + 149 body rows) = 1,500.
    equal(plainCount(table(10, MAX_TABLE_CELLS / 10 - 1)), 0);
    equal(plainCount(table(10, MAX_TABLE_CELLS / 10)), 1);
    // Rows, header included: a one-column table of MAX_TABLE_ROWS rows is a table, one more row is not.
    equal(plainCount(table(1, MAX_TABLE_ROWS - 1)), 0);
    equal(plainCount(table(1, MAX_TABLE_ROWS)), 1);
    equal(plainCount('|' + 'a|'.repeat(5000) + '\n|' + '-|'.repeat(5000) + '\n|' + 'b|'.repeat(5000)), 1);
  });

  it(`more than ${MAX_INLINE_MARKUP} inline markup characters in one block → plain text`, () => {
    equal(plainCount('x ' + '`a` '.repeat(MAX_INLINE_MARKUP / 2)), 0);
    equal(plainCount('x ' + '`a` '.repeat(MAX_INLINE_MARKUP / 2 + 1)), 1);
    for (const text of ['['.repeat(20000), '<'.repeat(50000), 'a@'.repeat(20000), '\\'.repeat(50000)])
      equal(plainCount(text), 1);
  });

  it('plain text is escaped, keeps its line breaks, and only the offending block is affected', () => {
    const bad = '<img src=x onerror=alert(1)> ' + 'a_'.repeat(3000) + '\nsecond line';
    const text = `Intro **bold**.\n\n${bad}\n\nOutro *em*.`;
    const root = document.createElement('div');
    root.append(renderMarkdown(text, { highlight: false }));
    equal(root.children.length, 3);
    const [intro, plain, outro] = Array.from(root.children);
    equal(intro!.innerHTML, 'Intro <strong>bold</strong>.');
    equal(plain!.className, 'md-plain');
    equal(root.querySelectorAll('img').length, 0);
    // The block's source exactly (its trailing newline aside), as text: line breaks are characters shown by
    // white-space: pre-wrap, not <br> elements.
    equal(plain!.textContent, bad);
    equal(plain!.querySelectorAll('br').length, 0);
    equal(outro!.innerHTML, 'Outro <em>em</em>.');
  });

  it(`a long plain block is split into pieces of at most ${PIECE_LINES} lines / ${PIECE_CHARS} characters, text intact`, () => {
    const table = '|a|b|\n|-|-|\n' + '|x|y|\n'.repeat(3000); // 3,002 lines
    const root = document.createElement('div');
    root.append(renderMarkdown(table, { highlight: false }));
    const plain = root.querySelector('.md-plain')!;
    const pieces = Array.from(plain.children);
    equal(pieces.length, Math.ceil(3002 / PIECE_LINES));
    ok(pieces.every((p) => p.tagName === 'P' && p.textContent!.split('\n').length - 1 <= PIECE_LINES));
    equal(plain.textContent, table.replace(/\n$/, ''));

    // No line breaks: pieces end after a space when there is one in the second half of the window…
    const words = 'x*y '.repeat(10000);
    equal(plainPieces(words).join(''), words);
    ok(plainPieces(words).every((p) => p.length <= PIECE_CHARS && p.endsWith(' ')));
    // …else anywhere, but never between the halves of a surrogate pair.
    const runs = 'a' + '😀'.repeat(3000);
    const cut = plainPieces(runs);
    equal(cut.join(''), runs);
    ok(cut.length > 1 && cut.every((p) => p.length <= PIECE_CHARS && !/[\uD800-\uDBFF]$/.test(p)));
    equal(plainPieces('short').length, 1);
  });

  it(`display repair closes at most ${MAX_REPAIRED_SPANS} open spans (more: the text is shown as written)`, () => {
    const open = (n: number) => 'x ' + '*a '.repeat(n);
    equal(
      repairMarkdown(open(MAX_REPAIRED_SPANS)),
      open(MAX_REPAIRED_SPANS).trimEnd() + '*'.repeat(MAX_REPAIRED_SPANS) + ' ',
    );
    equal(repairMarkdown(open(MAX_REPAIRED_SPANS + 1)), open(MAX_REPAIRED_SPANS + 1));
    equal(repairMarkdown(open(700)), open(700));
    equal(repairMarkdown('some **bold *em'), 'some **bold *em***');
  });

  it('streaming makes the same decision as the one-shot render (final DOM equal)', () => {
    const text = `Intro.\n\n${'a_'.repeat(3000)}\n\n${'> '.repeat(40)}deep\n\n| a |\n|---|\n${'| x |\n'.repeat(MAX_TABLE_ROWS)}\nEnd *em*.`;
    const expected = html(text);
    equal(expected.match(/md-plain/g)?.length, 3);
    equal(streamed(chunksOf(text, 500)), expected, '500-char chunks');
    equal(streamed(chunksOf(text, 37)), expected, '37-char chunks');
    equal(streamed(oddChunks(text.slice(0, 8000))), html(text.slice(0, 8000)), 'odd splits');
  });
});
