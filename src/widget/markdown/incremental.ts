// Renders a streaming reply into a container with O(new text) work per update:
//  - finished blocks (see lex.ts) are rendered, sanitized and highlighted ONCE, and appended as DOM;
//  - only the growing tail is re-rendered (after display repair, see repair.ts) on each flush().
// The element calls append() per stream delta and flush() once per animation frame; finish() at the end.
// finish() guarantees the DOM equals a one-shot render of the full text: it lexes the whole text once and
// re-renders from the first finished batch whose tokens differ from the one-shot tokens (never in the
// common case; possible after a late link definition).
import type { Token } from 'marked';
import { StreamLexer, lexBlocks } from './lex.js';
import { repairMarkdown } from './repair.js';
import { tooCostlyToRepair } from './guard.js';
import { renderTokens, DEFAULT_LABELS, type RenderLabels } from './render.js';
import { sanitizeToFragment, type SanitizeOptions } from './sanitize.js';
import type { ImageMode } from './images.js';
import { highlightElement, type Highlighter } from './highlight.js';
import { typesetMath } from './math.js';
import { drawDiagram, isDiagramCode } from './mermaid.js';

export interface IncrementalMarkdownOptions {
  /** Localized labels for code-block buttons and table regions. */
  labels?: RenderLabels;
  /** Highlights a finished code block; `false` turns highlighting off. Default: highlight.js, lazy languages. */
  highlight?: Highlighter | false;
  /** How images in the reply load (images.ts). Default `click`. */
  images?: ImageMode;
  /** Where KaTeX's style sheet goes: the element's shadow root. Default: the container's root node. */
  styleRoot?: Node;
}

interface Batch {
  raws: string[];
  nodes: Node[];
  /** How many link definitions were known when the batch was rendered. */
  links: number;
}

export class IncrementalMarkdown {
  private readonly lexer = new StreamLexer();
  private batches: Batch[] = [];
  private live: Node[] = [];
  private dirty = false;
  private readonly labels: RenderLabels;
  private readonly sanitizeOptions: SanitizeOptions;
  private readonly highlighter: Highlighter | false;
  private highlights: Promise<void>[] = [];
  private readonly styleRoot: () => Node;

  constructor(
    private readonly container: HTMLElement,
    options: IncrementalMarkdownOptions = {},
  ) {
    this.labels = options.labels ?? DEFAULT_LABELS;
    this.sanitizeOptions = { images: options.images, labels: this.labels };
    this.highlighter = options.highlight === undefined ? highlightElement : options.highlight;
    const styleRoot = options.styleRoot;
    this.styleRoot = () => styleRoot ?? container.getRootNode();
  }

  /** The full text so far (line endings normalized to "\n"). */
  get text(): string {
    return this.lexer.text;
  }

  /** Adds streamed text; nothing is rendered until flush(). O(delta). */
  append(delta: string): void {
    if (!delta) return;
    this.lexer.append(delta);
    this.dirty = true;
  }

  /** Renders what is pending: newly finished blocks once, the growing tail afresh. Call once per frame. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const { finished, growingText, growing } = this.lexer.advance();
    if (finished.length) this.commit(finished);
    if (!growingText) return this.replaceLive(null);
    const repaired = tooCostlyToRepair(growingText) ? growingText : repairMarkdown(growingText);
    // Usually the repair changes something; when it does not, the tail's tokens are already at hand.
    const tokens = repaired === growingText ? growing : lexBlocks(repaired, this.lexer.links);
    this.replaceLive(this.renderFragment(tokens));
  }

  /** The reply is complete: final render (equal to a one-shot render of `text`). */
  finish(): void {
    this.dirty = false;
    // Nothing finished while streaming: finishAll() lexes the whole text with no earlier link definitions,
    // which IS the one-shot lex, so verify() (a second lex of the whole reply) has nothing to find.
    const wholeText = this.batches.length === 0;
    const rest = this.lexer.finishAll();
    this.replaceLive(null);
    if (rest.length) this.commit(rest);
    if (!wholeText) this.verify();
  }

  /** Replaces everything with a one-shot render of `text` (history, edits). */
  setText(text: string): void {
    this.clear();
    this.append(text);
    this.finish();
  }

  /** Empties the container and forgets the text. */
  clear(): void {
    for (const batch of this.batches) removeAll(batch.nodes);
    this.batches = [];
    this.replaceLive(null);
    this.lexer.reset();
    this.dirty = false;
  }

  /** Resolves when every highlight started so far is done (tests, screenshots, the final announcement). */
  async settled(): Promise<void> {
    while (this.highlights.length) {
      const pending = this.highlights;
      this.highlights = [];
      await Promise.all(pending);
    }
  }

  private renderFragment(tokens: Token[]): DocumentFragment {
    const html = renderTokens(tokens, this.labels);
    const fragment = sanitizeToFragment(html, this.sanitizeOptions);
    if (!html.includes(' data-tex="')) return fragment; // no formula: no DOM query
    // Synchronous once KaTeX is loaded (the growing block's formulas come from its cache); before that, the
    // placeholders (the source) are typeset when the chunk arrives.
    const typeset = typesetMath(fragment, this.styleRoot);
    if (typeset) this.highlights.push(typeset.catch(() => undefined));
    return fragment;
  }

  private commit(tokens: Token[]): void {
    const fragment = this.renderFragment(tokens);
    const nodes = Array.from(fragment.childNodes);
    this.container.insertBefore(fragment, this.live[0] ?? null);
    this.batches.push({ raws: tokens.map((t) => t.raw), nodes, links: Object.keys(this.lexer.links).length });
    this.highlight(nodes);
  }

  /** Finished code blocks: highlighted, or drawn when they are Mermaid diagrams. */
  private highlight(nodes: Node[]): void {
    const highlighter = this.highlighter;
    for (const node of nodes) {
      if (!(node instanceof Element)) continue;
      const codes = node.matches('code[data-lang]') ? [node] : Array.from(node.querySelectorAll('code[data-lang]'));
      for (const code of codes as HTMLElement[]) {
        const done = isDiagramCode(code)
          ? drawDiagram(code, this.labels, this.container)
          : highlighter
            ? highlighter(code)
            : null;
        if (done) this.highlights.push(done.catch(() => undefined));
      }
    }
  }

  private replaceLive(fragment: DocumentFragment | null): void {
    removeAll(this.live);
    this.live = fragment ? Array.from(fragment.childNodes) : [];
    if (fragment) this.container.appendChild(fragment);
  }

  /** Re-renders from the first batch that a one-shot lex of the whole text would have tokenized differently. */
  private verify(): void {
    const tokens = lexBlocks(this.lexer.text);
    const links = Object.keys(tokens.links).length;
    let at = 0;
    let keep = 0;
    for (const batch of this.batches) {
      if (batch.links !== links) break;
      const same = batch.raws.every((raw, k) => tokens[at + k]?.raw === raw);
      if (!same) break;
      at += batch.raws.length;
      keep++;
    }
    if (keep === this.batches.length && at === tokens.length) return;
    for (const batch of this.batches.slice(keep)) removeAll(batch.nodes);
    this.batches = this.batches.slice(0, keep);
    const rest = tokens.slice(at);
    if (!rest.length) return;
    const fragment = this.renderFragment(rest);
    const nodes = Array.from(fragment.childNodes);
    this.container.appendChild(fragment);
    this.batches.push({ raws: rest.map((t) => t.raw), nodes, links });
    this.highlight(nodes);
  }
}

function removeAll(nodes: Node[]): void {
  for (const node of nodes) node.parentNode?.removeChild(node);
}
