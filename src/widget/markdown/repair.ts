// Display-only repair of the last, still-growing block of a streaming reply, so half-written Markdown does
// not flash as raw syntax: an unclosed ``` fence is closed (it renders as code), unclosed `**`, `*`, `~~`
// and `` ` `` are closed, a half-written link `[text](http://exa` shows as its text with no href, and a
// half-written HTML tag at the end is hidden. It never touches finished blocks and the final render uses
// the real text, so a wrong guess lasts one animation frame.
//
// Cost: one linear pass over the growing block (it is applied only to that block, never the whole reply).

const FENCE = /^(`{3,}|~{3,})([^\n]*)$/;

export function repairMarkdown(text: string): string {
  if (!text) return text;
  const { closer, afterLastFence } = scanFences(text);
  if (closer) {
    // Inside an open fence everything is literal code: just close it.
    return text + (text.endsWith('\n') ? '' : '\n') + closer;
  }
  // Closed fences are finished code: only the text after the last one can hold open inline spans.
  const head = text.slice(0, afterLastFence);
  let out = hideHalfTag(text.slice(afterLastFence));
  out = hideHalfLink(out);
  out = closeInline(out);
  return head + out;
}

/**
 * The closing fence for a fence still open at the end of `text` (or null), and the offset just after the
 * last fence line.
 */
function scanFences(text: string): { closer: string | null; afterLastFence: number } {
  let open: { char: string; length: number } | null = null;
  let afterLastFence = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    // Fences can sit inside list items / quotes: look past the container markers and indentation.
    const line = text.slice(lineStart, lineEnd).replace(/^(?:\s*(?:>|[-*+]|\d{1,9}[.)])(?=\s|$))*\s*/, '');
    const m = FENCE.exec(line);
    if (m) {
      const char = m[1]![0]!;
      const length = m[1]!.length;
      if (!open) {
        // A backtick fence's info string may not contain backticks.
        if (!(char === '`' && m[2]!.includes('`'))) open = { char, length };
      } else if (char === open.char && length >= open.length && !m[2]!.trim()) {
        open = null;
        afterLastFence = Math.min(lineEnd + 1, text.length);
      }
    }
    lineStart = lineEnd + 1;
  }
  return { closer: open ? open.char.repeat(open.length) : null, afterLastFence };
}

/** Hides an HTML tag (or comment) that has started but not yet closed at the very end. */
function hideHalfTag(text: string): string {
  const comment = text.lastIndexOf('<!--');
  if (comment >= 0 && text.indexOf('-->', comment + 4) < 0) return text.slice(0, comment);
  const m = /<\/?[A-Za-z][^<>\n`]*$/.exec(text);
  if (m) return text.slice(0, m.index);
  if (/<\/?$/.test(text)) return text.replace(/<\/?$/, '');
  return text;
}

/** `[text](http://exa` or `![alt](http://exa` at the end → just the text (no href, no broken image). */
function hideHalfLink(text: string): string {
  const m = /(!?)\[([^[\]\n]*)\]\([^()\n]*$/.exec(text);
  if (!m) return text;
  return text.slice(0, m.index) + (m[1] ? '' : m[2]);
}

type SpanKind = '**' | '*' | '~~';

/**
 * More spans open than this at the end of the growing block and none is closed: real text has a few, only
 * pathological text has hundreds ("*a " × 700 opens 700), and closing them all hands marked a closer run
 * too slow to scan every frame, then hundreds of nested <em> to lay out (BENCHMARKS.md). The text is shown
 * as written for that frame instead.
 */
export const MAX_REPAIRED_SPANS = 16;

/**
 * The inline spans open so far, innermost last. Closing one closes everything opened inside it. Each kind
 * keeps the stack positions of its openers, so finding the innermost opener of a kind is O(1) and the
 * whole scan stays linear ("*a " × 20,000 opens 20,000 spans; a search of the stack per delimiter is quadratic).
 */
class OpenSpans {
  readonly kinds: SpanKind[] = [];
  private readonly positions: Record<SpanKind, number[]> = { '**': [], '*': [], '~~': [] };

  get length(): number {
    return this.kinds.length;
  }

  get innermost(): SpanKind | undefined {
    return this.kinds[this.kinds.length - 1];
  }

  toggle(kind: SpanKind, canOpen: boolean, canClose: boolean): void {
    const mine = this.positions[kind];
    if (mine.length && canClose) {
      this.truncate(mine[mine.length - 1]!);
      return;
    }
    if (canOpen) {
      mine.push(this.kinds.length);
      this.kinds.push(kind);
    }
  }

  clear(): void {
    this.truncate(0);
  }

  private truncate(length: number): void {
    this.kinds.length = length;
    for (const list of Object.values(this.positions))
      while (list.length && list[list.length - 1]! >= length) list.pop();
  }
}

/**
 * Closes inline spans left open at the end. Scans the text once, tracking code spans (nothing counts inside
 * them), backslash escapes and flanking rules (`5 * 3` opens nothing), and resets at lines that start a new
 * block (a list item, heading, quote, table row or blank line) because emphasis cannot span those.
 */
function closeInline(input: string): string {
  // A trailing run of delimiters may be the first half of a closer ("**bold*"): drop it for now and let
  // the scan decide what to close.
  const text = input.slice(
    0,
    trailingRunStart(input, (c) => c === '*' || c === '~' || c === '`'),
  );
  const trailingWs = text.slice(trailingRunStart(text, (c) => /\s/.test(c)));
  const stack = new OpenSpans();
  let code = 0; // length of the open code span's backtick run, 0 when none
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      const rest = text.slice(i, i + 12);
      if (
        /^\s*$/.test(text.slice(i, text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i))) ||
        /^\s*(?:[-*+]\s|\d{1,9}[.)]\s|#{1,6}\s|>|\|)/.test(rest)
      ) {
        if (!code) stack.clear();
        // Skip the block marker itself so a "* " bullet is not read as emphasis.
        const marker = /^\s*(?:[-*+]\s|\d{1,9}[.)]\s|#{1,6}\s|>\s?)/.exec(rest);
        if (marker && !code) {
          i += marker[0].length - 1;
          continue;
        }
      }
    }
    if (c === '`') {
      let n = 1;
      while (text[i + n] === '`') n++;
      if (!code) code = n;
      else if (code === n) code = 0;
      i += n - 1;
      continue;
    }
    if (code) continue;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '*' || c === '~') {
      let n = 1;
      while (text[i + n] === c) n++;
      const before = i > 0 ? text[i - 1]! : ' ';
      const after = i + n < text.length ? text[i + n]! : ' ';
      const canOpen = !/\s/.test(after);
      const canClose = !/\s/.test(before);
      if (c === '~') {
        if (n >= 2) stack.toggle('~~', canOpen, canClose);
      } else {
        if (n === 1) stack.toggle('*', canOpen, canClose);
        else if (n === 2) stack.toggle('**', canOpen, canClose);
        else {
          // "***": bold + em. Closing goes innermost-first; opening pushes bold, then em.
          const emInner = stack.innermost === '*';
          const order: SpanKind[] = emInner ? ['*', '**'] : ['**', '*'];
          for (const kind of order) stack.toggle(kind, canOpen, canClose);
        }
      }
      i += n - 1;
    }
  }
  if (!code && !stack.length) return input === text ? input : text;
  if (!code && stack.length > MAX_REPAIRED_SPANS) return input;
  const body = text.slice(0, text.length - trailingWs.length);
  let closers = '';
  if (code) closers += '`'.repeat(code);
  else for (let k = stack.length - 1; k >= 0; k--) closers += stack.kinds[k]!;
  // An opener with nothing after it yet ("text **") would close as "****": show nothing instead.
  if (!body.trim()) return text;
  return body + closers + trailingWs;
}

/**
 * Where the run of characters matching `is` at the end of `s` starts. A backwards loop, not a regex: V8
 * tries `/\s*$/` or `/[*~]+$/` from every position of every run, which is quadratic in the run's length.
 */
function trailingRunStart(s: string, is: (c: string) => boolean): number {
  let i = s.length;
  while (i > 0 && is(s[i - 1]!)) i--;
  return i;
}
