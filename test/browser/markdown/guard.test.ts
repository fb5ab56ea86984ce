// The complexity guard (src/widget/markdown/guard.ts), in real Chromium: blocks past a limit are shown as
// escaped plain text (`.md-plain`), blocks under every limit render exactly as marked alone renders them,
// only the offending block is affected, and streaming decides exactly as the one-shot render does.
import { Lexer } from 'marked';
import { ok, equal, includes, notIncludes } from '../assert.js';
import { renderMarkdown } from '../../../src/widget/markdown/index.js';
import { IncrementalMarkdown } from '../../../src/widget/markdown/incremental.js';
import { renderTokens, MARKED_OPTIONS } from '../../../src/widget/markdown/render.js';
import { sanitizeToFragment } from '../../../src/widget/markdown/sanitize.js';
import { MAX_NESTING, MAX_EMPHASIS_WORK, MAX_INLINE_MARKUP, MAX_TABLE_CELLS } from '../../../src/widget/markdown/guard.js';
import { CORPUS, chunksOf, oddChunks } from '../../widget/corpus.js';

function html(text: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(text, { highlight: false }));
  return div.innerHTML;
}

/** What marked alone (no guard) produces for the text, through the same renderer and sanitizer. */
function unguardedHtml(text: string): string {
  const div = document.createElement('div');
  div.append(sanitizeToFragment(renderTokens(new Lexer({ ...MARKED_OPTIONS }).lex(text))));
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
    const paragraph = Array.from({ length: 60 }, (_, i) => `word **bold ${i}** and _em_ with snake_case_name`).join(' ');
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

  it(`tables over ${MAX_TABLE_CELLS} cells → plain text`, () => {
    const table = (rows: number) => '| a |\n|---|\n' + '| x |\n'.repeat(rows);
    equal(plainCount(table(MAX_TABLE_CELLS - 1)), 0);
    equal(plainCount(table(MAX_TABLE_CELLS)), 1);
    equal(plainCount('|' + 'a|'.repeat(5000) + '\n|' + '-|'.repeat(5000) + '\n|' + 'b|'.repeat(5000)), 1);
  });

  it(`more than ${MAX_INLINE_MARKUP} inline markup characters in one block → plain text`, () => {
    equal(plainCount('x ' + '`a` '.repeat(MAX_INLINE_MARKUP / 2)), 0);
    equal(plainCount('x ' + '`a` '.repeat(MAX_INLINE_MARKUP / 2 + 1)), 1);
    for (const text of ['['.repeat(20000), '<'.repeat(50000), 'a@'.repeat(20000), '\\'.repeat(50000)]) equal(plainCount(text), 1);
  });

  it('plain text is escaped, keeps its line breaks, and only the offending block is affected', () => {
    const bad = '<img src=x onerror=alert(1)> ' + 'a_'.repeat(3000) + '\nsecond line';
    const text = `Intro **bold**.\n\n${bad}\n\nOutro *em*.`;
    const root = document.createElement('div');
    root.append(renderMarkdown(text, { highlight: false }));
    const ps = root.querySelectorAll('p');
    equal(ps.length, 3);
    equal(ps[0]!.innerHTML, 'Intro <strong>bold</strong>.');
    equal(ps[1]!.className, 'md-plain');
    equal(root.querySelectorAll('img').length, 0);
    ok(ps[1]!.textContent!.startsWith('<img src=x onerror=alert(1)> a_a_'));
    equal(ps[1]!.querySelectorAll('br').length, 1);
    includes(ps[1]!.textContent!, 'second line');
    equal(ps[2]!.innerHTML, 'Outro <em>em</em>.');
  });

  it('streaming makes the same decision as the one-shot render (final DOM equal)', () => {
    const text = `Intro.\n\n${'a_'.repeat(3000)}\n\n${'> '.repeat(40)}deep\n\n| a |\n|---|\n${'| x |\n'.repeat(MAX_TABLE_CELLS)}\nEnd *em*.`;
    const expected = html(text);
    equal(expected.match(/md-plain/g)?.length, 3);
    equal(streamed(chunksOf(text, 500)), expected, '500-char chunks');
    equal(streamed(chunksOf(text, 37)), expected, '37-char chunks');
    equal(streamed(oddChunks(text.slice(0, 8000))), html(text.slice(0, 8000)), 'odd splits');
  });
});
