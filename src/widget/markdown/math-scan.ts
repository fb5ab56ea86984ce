// Finds TeX formulas in Markdown text: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` display. Pure string
// scanning with indexOf, never a backtracking regex, and every search has a length cap, so lexing stays linear.
// Prices stay text by the usual (Pandoc) rules for `$`: the opening `$` is not followed by a blank, the closing
// `$` is not preceded by a blank nor followed by a digit, and the closing `$` is the NEXT `$` — "$5 and $10"
// has no valid closing `$`, so it is no formula.

export interface MathMatch {
  /** The source consumed, delimiters included. */
  raw: string;
  /** The TeX between the delimiters. */
  tex: string;
  /** Display (block) style. */
  display: boolean;
}

/** Longest formula looked for, in characters (longer ones stay text). */
export const MAX_TEX = 4000;

const PAIRS: ReadonlyArray<readonly [open: string, close: string, display: boolean]> = [
  ['$$', '$$', true],
  ['\\[', '\\]', true],
  ['\\(', '\\)', false],
];

const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * Where searches for a closer came up empty: [closer, length of the text searched, its last characters]. Inline
 * text is handed to the tokenizer as ever shorter suffixes of one paragraph; without this, "\(\(\(…" would
 * search the rest of the paragraph once per opener.
 */
let missed: { close: string; length: number; tail: string } | null = null;

function findClose(src: string, close: string, from: number): number {
  if (missed && missed.close === close && src.length <= missed.length && src.endsWith(missed.tail)) return -1;
  const at = src.indexOf(close, from);
  if (at >= 0 && at - from <= MAX_TEX) return at;
  if (at < 0) missed = { close, length: src.length, tail: src.slice(-64) };
  return -1;
}

/** A formula at the very start of inline text, or null. */
export function scanInlineMath(src: string): MathMatch | null {
  const c = src[0];
  if (c !== '$' && c !== '\\') return null;
  for (const [open, close, display] of PAIRS) {
    if (!src.startsWith(open)) continue;
    const end = findClose(src, close, open.length);
    if (end < 0) return null;
    const tex = src.slice(open.length, end);
    if (!tex.trim()) return null;
    return { raw: src.slice(0, end + close.length), tex: tex.trim(), display };
  }
  if (c !== '$' || isBlank(src[1]) || src[1] === '$') return null;
  // The closing `$` is the next unescaped `$` (searching up to the next `$` keeps the whole scan linear).
  let end = src.indexOf('$', 1);
  while (end > 0 && src[end - 1] === '\\' && end <= MAX_TEX) end = src.indexOf('$', end + 1);
  if (end < 0 || end > MAX_TEX) return null;
  if (isBlank(src[end - 1]) || isDigit(src[end + 1])) return null;
  return { raw: src.slice(0, end + 1), tex: src.slice(1, end), display: false };
}

/** Where inline math could start in `src` (for marked: text tokens stop there), or undefined. */
export function inlineMathStart(src: string): number | undefined {
  // One scan up to the first candidate (not an indexOf per delimiter over the whole rest: that would be
  // O(rest) per text token).
  const at = src.search(/\$|\\[([]/);
  return at < 0 ? undefined : at;
}

/**
 * A display formula standing as its own block at `at` in `src`: `$$` or `\[` (after at most three spaces), its
 * closer, then only blanks up to the end of that line. Null otherwise (then it may still be inline math).
 */
export function scanBlockMath(src: string, at = 0): MathMatch | null {
  let i = at;
  while (i < at + 3 && src[i] === ' ') i++;
  const open = src.startsWith('$$', i) ? '$$' : src.startsWith('\\[', i) ? '\\[' : null;
  if (!open) return null;
  const close = open === '$$' ? '$$' : '\\]';
  const from = i + open.length;
  const end = src.indexOf(close, from);
  if (end < 0 || end - from > MAX_TEX) return null;
  const tex = src.slice(from, end);
  // A blank line ends a block: a formula never spans one.
  if (!tex.trim() || tex.includes('\n\n')) return null;
  let after = end + close.length;
  while (src[after] === ' ' || src[after] === '\t') after++;
  if (after < src.length && src[after] !== '\n') return null;
  if (src[after] === '\n') after++;
  return { raw: src.slice(at, after), tex: tex.trim(), display: true };
}

/**
 * Where a display-formula block starts in `src` (a later line that scanBlockMath accepts), before the next
 * blank line. Lines are walked in place up to the first such line or blank line: linear in what the
 * paragraph before it holds.
 */
export function blockMathStart(src: string): number | undefined {
  for (let at = src.indexOf('\n'); at >= 0 && at + 1 < src.length; at = src.indexOf('\n', at + 1)) {
    if (src[at + 1] === '\n') return undefined;
    if (scanBlockMath(src, at + 1)) return at + 1;
  }
  return undefined;
}
