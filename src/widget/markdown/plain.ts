// How a block the complexity guard (guard.ts) took out of Markdown is shown: its source as escaped text in
// `<div class="md-plain">`, cut into pieces (`<p>`) of at most PIECE_LINES lines / PIECE_CHARS characters.
// Such blocks are huge by definition, and as a single box with a <br> per line they are slow to sanitize and
// lay out every streamed frame (BENCHMARKS.md). As pieces, each with
// `content-visibility: auto` (styles.ts), the browser lays out only the pieces near the viewport; the text
// keeps its line breaks through `white-space: pre-wrap`, so there are no <br>s. Pieces are contiguous
// slices of the text: the block's textContent is its source (minus trailing newlines), nothing is lost.
import { escapeHtml } from './escape.js';
import { own } from './owner.js';

export const PLAIN_CLASS = 'md-plain';

/** Lines per piece: about one screen of a narrow widget, and the pieces' placeholder height (styles.ts). */
export const PIECE_LINES = 40;

/** Characters per piece: ~30 wrapped lines at the widget's default width. */
export const PIECE_CHARS = 2_000;

/** Splits `text` into pieces (contiguous; ends after a "\n", else after a space, else anywhere). O(n). */
export function plainPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    const limit = Math.min(start + PIECE_CHARS, text.length);
    let end = limit;
    let lines = 0;
    let lastNewline = -1;
    for (let i = start; i < limit; i++) {
      if (text.charCodeAt(i) !== 10) continue;
      lastNewline = i;
      if (++lines === PIECE_LINES) {
        end = i + 1;
        break;
      }
    }
    if (end === limit && limit < text.length) {
      if (lastNewline >= 0) end = lastNewline + 1;
      else {
        const space = text.lastIndexOf(' ', limit - 1);
        if (space >= start + PIECE_CHARS / 2) end = space + 1;
        else if (isHighSurrogate(text.charCodeAt(end - 1))) end--; // never split a character in two
      }
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** The HTML (unsanitized, like all renderer output) of a plain block. */
export function renderPlain(text: string): string {
  const pieces = plainPieces(text.replace(/\n+$/, ''));
  let html = `<div class="${PLAIN_CLASS}"${own()}>`;
  for (const piece of pieces) html += `<p>${escapeHtml(piece)}</p>`;
  return html + '</div>\n';
}
