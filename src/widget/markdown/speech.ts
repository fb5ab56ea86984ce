// The text a screen reader hears for a reply: the words of its Markdown without the syntax (no `| col |`,
// backticks, `#`, `*`), short enough for a polite live region. Uses marked's lexer (the one rendering the
// reply), so what is spoken is what is shown: a table's cells, a link's text, an image's alt text, code as-is.
import type { Token, Tokens } from 'marked';
import { lexBlocks } from './lex.js';
import { cap, SPOKEN_MAX } from './cap.js';

export { cap, SPOKEN_MAX };

// Only the start of a huge reply is lexed: enough to fill the cap, and bounded work at the end of a reply.
const SOURCE_MAX = 8 * SPOKEN_MAX;

/** Plain text of `markdown` for a live region, whitespace collapsed, at most `max` characters (with "…"). */
export function spokenText(markdown: string, max = SPOKEN_MAX): string {
  return plainWords(markdown.slice(0, SOURCE_MAX), max, null);
}

/**
 * The whole reply as plain text for read-aloud (speechSynthesis): like spokenText, but a code block is read as
 * `codeBlock` (e.g. "code block") instead of verbatim — nobody wants punctuation read out symbol by symbol.
 */
export function readAloudText(markdown: string, codeBlock: string, max = READ_ALOUD_MAX): string {
  return plainWords(markdown.slice(0, 4 * max), max, codeBlock);
}

/** Cap for read-aloud, in characters: about ten minutes of speech. */
export const READ_ALOUD_MAX = 10_000;

function plainWords(markdown: string, max: number, codeBlock: string | null): string {
  const parts: string[] = [];
  walk(lexBlocks(markdown), parts, codeBlock);
  const text = parts
    .join('')
    // What syntax survives as literal text (code spans with pipes, stray asterisks) is noise when read aloud.
    .replace(/[|`*]+/g, ' ')
    .replace(/(^|\s)#+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    // Tokens are spoken with a space after each, which would leave "cell , cell ." before punctuation.
    .replace(/ ([,.;:!?])/g, '$1')
    .trim();
  return cap(text, max);
}

function walk(tokens: readonly Token[], out: string[], codeBlock: string | null): void {
  for (const token of tokens) speak(token, out, codeBlock);
}

function speak(token: Token, out: string[], codeBlock: string | null): void {
  switch (token.type) {
    case 'table': {
      const t = token as Tokens.Table;
      // Cells joined with commas, rows as sentences: how a person would read a small table out.
      for (const row of [t.header, ...t.rows]) {
        row.forEach((cell, i) => {
          if (i > 0) out.push(', ');
          walk(cell.tokens, out, codeBlock);
        });
        out.push('. ');
      }
      return;
    }
    case 'list':
      for (const item of (token as Tokens.List).items) {
        walk(item.tokens, out, codeBlock);
        out.push(' ');
      }
      return;
    case 'code':
      out.push(codeBlock === null ? (token as Tokens.Code).text : `${codeBlock}.`);
      break;
    case 'codespan':
      out.push((token as Tokens.Code | Tokens.Codespan).text);
      break;
    case 'image':
      out.push((token as Tokens.Image).text);
      break;
    case 'inlineMath':
    case 'blockMath':
      // A formula (math.ts) is read as its TeX: better than silence, and what the reader's copy gives.
      out.push(String((token as Tokens.Generic).tex));
      break;
    case 'html':
    case 'tag':
      // Raw HTML: its text only, never the tags.
      out.push((token as Tokens.HTML).text.replace(/<[^>]*>/g, ' '));
      break;
    case 'br':
    case 'hr':
    case 'space':
      break;
    default:
      if ('tokens' in token && Array.isArray(token.tokens)) walk(token.tokens, out, codeBlock);
      else if ('text' in token && typeof token.text === 'string') out.push(token.text);
  }
  // Blocks end with a space so "Title" and the next paragraph do not run together.
  out.push(' ');
}
