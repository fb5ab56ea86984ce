// Splits a streaming reply into finished blocks and the growing tail, with marked's own lexer.
//
// Only the tail after the last stable boundary is lexed per update, so a chunk costs O(tail), not O(reply).
// A block is "stable" (finished) once the text after it has started another block AND that next block's
// first line is complete: "1. a\n\n2" is not enough to finish the list (the "2" may become "2. b", a second
// item of the same list), "1. a\n\n2 apples\n" is. Fences, lists, tables and HTML blocks that span blank
// lines come back from marked as one token, so they stay in the tail until something follows them.
// Two things can still reach back across block boundaries, and both are handled:
//  - raw HTML opened in one block and closed in a later one (`<details>` … `</details>`, an unclosed `<b>`):
//    the HTML parser would nest the blocks in between, so a boundary is stable only where every tag opened
//    in the tail is closed again;
//  - reference link definitions (`[x]: http://…`) apply to the whole document: definitions from finished
//    blocks are fed to the tail's lexer, and one that arrives after its uses is caught by the final check in
//    IncrementalMarkdown.finish().
import { Lexer, type Token, type Tokens, type TokensList } from 'marked';
import { LEXER_OPTIONS } from './render.js';
import { guardBlocks, plainToken, MAX_NESTING } from './guard.js';

export type Links = TokensList['links'];

/**
 * marked's Lexer with the complexity guard (guard.ts) between its two phases: block structure first (with
 * container nesting capped at MAX_NESTING: deeper content becomes a `plain` marker instead of another
 * recursion), then inline lexing of every block except those the guard turned into plain text.
 * `lex()` is marked's own two-phase loop (Lexer.lex in marked 18) with the guard call added.
 */
class GuardedLexer extends Lexer {
  private depth = 0;

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList;
  override blockTokens(src: string, tokens: Token[] = [], lastParagraphClipped?: boolean): Token[] {
    if (this.depth > MAX_NESTING) {
      tokens.push(plainToken(src));
      return tokens;
    }
    this.depth++;
    try {
      return super.blockTokens(src, tokens as TokensList, lastParagraphClipped);
    } finally {
      this.depth--;
    }
  }

  override lex(src: string): TokensList {
    this.blockTokens(normalizeNewlines(src), this.tokens);
    const skipped = guardBlocks(this.tokens, this.inlineQueue);
    for (const entry of this.inlineQueue) {
      if (skipped.has(entry.tokens)) continue;
      this.state.inRawBlock = false;
      this.inlineTokens(entry.src, entry.tokens);
    }
    this.inlineQueue = [];
    return this.tokens;
  }
}

/** Lexes `src` as top-level blocks, knowing the link definitions found earlier in the document. */
export function lexBlocks(src: string, knownLinks?: Links): TokensList {
  const lexer = new GuardedLexer(LEXER_OPTIONS);
  if (knownLinks) Object.assign(lexer.tokens.links, knownLinks);
  try {
    return lexer.lex(src);
  } catch {
    // Defence in depth (the nesting cap should prevent it): if marked still overflows the stack, the text
    // is shown as one plain block instead of breaking the widget.
    return Object.assign([plainToken(src)], { links: lexer.tokens.links }) as TokensList;
  }
}

/** Normalizes line endings the way marked does, so token `raw`s add up to our text exactly. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export interface Advance {
  /** Blocks that became finished with this update (render them once). */
  finished: Token[];
  /** The text of the still-growing blocks (re-rendered each frame). */
  growingText: string;
  /** Those blocks as lexed (reusable when display repair leaves the text unchanged). */
  growing: Token[];
}

/** Holds a streaming reply and the boundary between its finished blocks and its growing tail. */
export class StreamLexer {
  private full = '';
  /** Offset in `full` where the growing tail starts. */
  private stableEnd = 0;
  /** The last chunk ended in "\r" (already stored as "\n"): a "\n" starting the next one is its other half. */
  private skipLf = false;
  /** Link definitions from finished blocks. */
  readonly links: Links = Object.create(null) as Links;

  get text(): string {
    return this.full;
  }

  /** Offset where the growing tail starts (everything before it is finished). */
  get finishedLength(): number {
    return this.stableEnd;
  }

  append(delta: string): void {
    if (!delta) return;
    const chunk = this.skipLf && delta.startsWith('\n') ? delta.slice(1) : delta;
    this.skipLf = delta.endsWith('\r');
    this.full += normalizeNewlines(chunk);
  }

  reset(): void {
    this.full = '';
    this.stableEnd = 0;
    this.skipLf = false;
    for (const key of Object.keys(this.links)) delete this.links[key];
  }

  /** Re-lexes the tail only; moves newly stable blocks out of it. */
  advance(): Advance {
    const tail = this.full.slice(this.stableEnd);
    const tokens = lexBlocks(tail, this.links);
    const count = stableCount(tail, tokens);
    return this.take(tail, tokens, count);
  }

  /** The reply is complete: every block is finished. */
  finishAll(): Token[] {
    const tail = this.full.slice(this.stableEnd);
    const tokens = lexBlocks(tail, this.links);
    return this.take(tail, tokens, tokens.length).finished;
  }

  private take(tail: string, tokens: TokensList, count: number): Advance {
    if (count === 0) return { finished: [], growingText: tail, growing: tokens };
    const finished = tokens.slice(0, count);
    let length = 0;
    for (const t of finished) length += t.raw.length;
    // marked's raws normally add up to the input exactly; if they ever do not, do not guess an offset.
    if (count < tokens.length && tail.slice(0, length) !== finished.map((t) => t.raw).join('')) {
      return { finished: [], growingText: tail, growing: tokens };
    }
    if (count === tokens.length) length = tail.length;
    for (const t of finished) {
      if (t.type === 'def') {
        const def = t as Tokens.Def;
        if (!(def.tag in this.links)) this.links[def.tag] = { href: def.href, title: def.title };
      }
    }
    this.stableEnd += length;
    return { finished, growingText: tail.slice(length), growing: tokens.slice(count) };
  }
}

/** How many leading tokens of the tail are finished (see the file comment for the rules). */
export function stableCount(tail: string, tokens: Token[]): number {
  const content: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (tokens[i]!.type !== 'space') content.push(i);
  if (content.length < 2) return 0;
  const last = content[content.length - 1]!;
  let lastStart = 0;
  for (let i = 0; i < last; i++) lastStart += tokens[i]!.raw.length;
  // The last block's first line decides what kind of block it is; until it is complete, the block before
  // it may still absorb it (a list item number, a table row, a lazy continuation…).
  const candidate = tail.indexOf('\n', lastStart) >= 0 ? last : content[content.length - 2]!;
  return balancedPrefix(tokens, candidate);
}

const VOID_TAGS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
/** Tags whose end tag the HTML parser supplies itself without nesting later blocks inside. */
const OPTIONAL_END = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'option',
  'rt',
  'rp',
]);
const TAG = /<(\/?)([a-zA-Z][\w-]*)(?:\s[^<>]*?)?(\/?)>/g;

/** The largest n ≤ limit such that the raw HTML in tokens[0..n) closes every tag it opens. */
function balancedPrefix(tokens: Token[], limit: number): number {
  const open = new Map<string, number>();
  let depth = 0;
  let best = 0;
  for (let i = 0; i < limit; i++) {
    depth = updateBalance(tokens[i]!, open, depth);
    if (depth === 0) best = i + 1;
  }
  return best;
}

function updateBalance(token: Token, open: Map<string, number>, depth: number): number {
  if (token.type === 'html') {
    const html = (token as Tokens.HTML).text.replace(/<!--[\s\S]*?-->/g, '');
    for (const m of html.matchAll(TAG)) {
      const name = m[2]!.toLowerCase();
      if (VOID_TAGS.has(name) || OPTIONAL_END.has(name) || m[3]) continue;
      const n = open.get(name) ?? 0;
      if (m[1]) {
        if (n > 0) {
          open.set(name, n - 1);
          depth--;
        }
      } else {
        open.set(name, n + 1);
        depth++;
      }
    }
    return depth;
  }
  const t = token as Token & {
    tokens?: Token[];
    items?: Token[];
    header?: Array<{ tokens: Token[] }>;
    rows?: Array<Array<{ tokens: Token[] }>>;
  };
  if (t.tokens) for (const child of t.tokens) depth = updateBalance(child, open, depth);
  if (t.items) for (const child of t.items) depth = updateBalance(child, open, depth);
  if (t.header) for (const cell of t.header) for (const child of cell.tokens) depth = updateBalance(child, open, depth);
  if (t.rows)
    for (const row of t.rows)
      for (const cell of row) for (const child of cell.tokens) depth = updateBalance(child, open, depth);
  return depth;
}
