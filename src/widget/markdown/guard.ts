// Complexity guard: a top-level block whose Markdown would cost the main thread far more than its length
// suggests is shown as plain text (a `plain` token, rendered by plain.ts as escaped text in
// `<div class="md-plain">`, in pieces the browser lays out only near the viewport) instead of being
// inline-lexed and turned into thousands of elements.
//
// marked has no such guard: emphasis scanning is ~O(delimiters × length) per inline run, nesting re-scans the
// text once per level, and dense markup or huge tables make one element or tokenizer attempt per character.
// Each limit sits well above realistic replies and keeps a block just under it within the 50 ms long-task
// budget (the figures: BENCHMARKS.md, "Why the widget's Markdown limits are where they are"). Blocks under
// every limit are lexed and rendered exactly as marked alone renders them. The decision depends only on the
// block's own text, so a streamed reply and a one-shot render of the same text decide the same way
// (incremental.ts relies on that: its final DOM equals the one-shot DOM).
import type { Token, Tokens } from 'marked';

/**
 * Container nesting (block quotes, list items) deeper than this many levels makes the whole top-level block plain.
 * Real replies nest 3–6 levels; the cap also bounds marked's per-level re-scan to 16 passes.
 */
export const MAX_NESTING = 16;

/**
 * Emphasis delimiters (`*`, `_`, `~`) × characters, per inline run (a paragraph, heading, list item's text,
 * table cell). A dense 3,000-character paragraph is ~1.5 M; the cost is ~linear in this work, and at 2 M the
 * costliest shapes still lex within the long-task budget (BENCHMARKS.md).
 */
export const MAX_EMPHASIS_WORK = 2_000_000;

/**
 * Inline markup openers (`[` `<` `` ` `` `@` `\` `!` `&`, and `$` of formulas) in one top-level block. Real
 * blocks have at most a few hundred; a block with many more, re-rendered every frame while it streams (a
 * formula typeset per frame included), overruns the frame budget.
 */
export const MAX_INLINE_MARKUP = 2_000;

/**
 * Table cells (header + body) in one table, and rows (header included): 150 rows × 10 columns, or 500 × 3.
 * Chat tables are rarely over 200 cells. Tables cost the most per character and narrow ones the most per cell
 * (hence the row limit); a growing table is re-rendered every frame, so the last state under the limits is
 * paid per frame (BENCHMARKS.md).
 */
export const MAX_TABLE_CELLS = 1_500;
export const MAX_TABLE_ROWS = 500;

/**
 * Whether display repair (repair.ts) should be skipped for the growing tail of a stream: repaired text is
 * lexed a second time in the same frame, and two lexes of the costliest emphasis shapes near MAX_EMPHASIS_WORK
 * reach the long-task budget. Above half the limit (counted over the whole tail, an upper
 * bound of each run's work) the tail is shown unrepaired: an unclosed `**` shows as written for a frame.
 */
export function tooCostlyToRepair(tail: string): boolean {
  return countOf(tail, EMPHASIS) * tail.length > MAX_EMPHASIS_WORK / 2;
}

/** A block shown as plain text; `text` is its Markdown source. */
export interface PlainToken extends Tokens.Generic {
  type: 'plain';
  raw: string;
  text: string;
}

export function plainToken(raw: string): PlainToken {
  return { type: 'plain', raw, text: raw };
}

/** Block kinds whose content is never inline-lexed (code is shown as escaped text anyway). */
const SKIP = new Set(['space', 'code', 'hr', 'def', 'html']);

/** Counts of one character class in a string, one pass, no allocation. */
function countOf(s: string, table: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && table[c]) n++;
  }
  return n;
}

function charTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}

const EMPHASIS = charTable('*_~');
const MARKUP = charTable('[<`@\\!&$');

/**
 * Replaces, in place, each top-level block that exceeds a limit by a plain token, and returns the inline
 * token arrays that belong to replaced blocks (the lexer must not inline-lex them: that is the cost saved).
 *
 * @param inline the lexer's pending inline work: each entry's `tokens` array lives in some block's subtree.
 */
export function guardBlocks(tokens: Token[], inline: ReadonlyArray<{ src: string; tokens: Token[] }>): Set<Token[]> {
  const skipped = new Set<Token[]>();
  const sources = new Map<Token[], string>();
  for (const entry of inline) sources.set(entry.tokens, entry.src);
  for (let i = 0; i < tokens.length; i++) {
    const block = tokens[i]!;
    if (SKIP.has(block.type) || !tooComplex(block, sources, { markup: 0 })) continue;
    tokens[i] = plainToken(block.raw);
    forEachInlineArray(block, (list) => skipped.add(list));
  }
  return skipped;
}

type Nested = Token & {
  tokens?: Token[];
  items?: Token[];
  header?: Array<{ tokens: Token[] }>;
  rows?: Array<Array<{ tokens: Token[] }>>;
};

/** Calls `visit` with every child-token array in a block's subtree (before inline lexing: the inline ones). */
function forEachInlineArray(token: Token, visit: (list: Token[]) => void): void {
  const t = token as Nested;
  const walk = (list: Token[]) => {
    visit(list);
    for (const child of list) forEachInlineArray(child, visit);
  };
  if (t.tokens) walk(t.tokens);
  if (t.items) for (const item of t.items) forEachInlineArray(item, visit);
  if (t.header) for (const cell of t.header) walk(cell.tokens);
  if (t.rows) for (const row of t.rows) for (const cell of row) walk(cell.tokens);
}

/** True when a block exceeds a limit (its subtree is walked until the first one). */
function tooComplex(token: Token, sources: Map<Token[], string>, total: { markup: number }): boolean {
  if (token.type === 'plain') return true; // the lexer's nesting cap (lex.ts) left it here
  const t = token as Nested;
  if (t.header && t.rows) {
    let cells = t.header.length;
    for (const row of t.rows) cells += row.length;
    if (cells > MAX_TABLE_CELLS || t.rows.length + 1 > MAX_TABLE_ROWS) return true;
  }
  const check = (list: Token[]): boolean => {
    const src = sources.get(list);
    if (src !== undefined) {
      if (countOf(src, EMPHASIS) * src.length > MAX_EMPHASIS_WORK) return true;
      total.markup += countOf(src, MARKUP);
      if (total.markup > MAX_INLINE_MARKUP) return true;
    }
    for (const child of list) if (tooComplex(child, sources, total)) return true;
    return false;
  };
  if (t.tokens && check(t.tokens)) return true;
  if (t.items) for (const item of t.items) if (tooComplex(item, sources, total)) return true;
  if (t.header) for (const cell of t.header) if (check(cell.tokens)) return true;
  if (t.rows) for (const row of t.rows) for (const cell of row) if (check(cell.tokens)) return true;
  return false;
}
