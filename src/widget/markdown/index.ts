// The Markdown pipeline: marked (GFM) → DOMPurify → highlight.js (lazy languages).
// One-shot renderMarkdown() for finished text, IncrementalMarkdown for streaming replies; both produce the
// same DOM for the same text.
import { lexBlocks } from './lex.js';
import { renderTokens, DEFAULT_LABELS, type RenderLabels } from './render.js';
import { sanitizeToFragment } from './sanitize.js';
import { highlightAll, highlightElement, type Highlighter } from './highlight.js';
import type { ImageMode } from './images.js';
import { typesetMath } from './math.js';
import { drawDiagram, isDiagramCode } from './mermaid.js';

export interface RenderMarkdownOptions {
  labels?: RenderLabels;
  /** How images load (images.ts): `click` (default), `auto` or `none`. */
  images?: ImageMode;
  /** Highlights code blocks after rendering (asynchronously; see `highlighted`). Default highlight.js. */
  highlight?: Highlighter | false;
  /** Where KaTeX's style sheet goes (the element's shadow root). Default: the document. */
  styleRoot?: Node;
}

/**
 * Renders finished Markdown to a sanitized fragment. Code blocks are highlighted asynchronously (their
 * language chunks load on demand); await `renderMarkdownSettled` when you need the highlighted result.
 */
export function renderMarkdown(text: string, options: RenderMarkdownOptions = {}): DocumentFragment {
  return renderMarkdownSettled(text, options).fragment;
}

/** renderMarkdown() plus a promise that resolves when its code blocks, formulas and diagrams are done. */
export function renderMarkdownSettled(
  text: string,
  options: RenderMarkdownOptions = {},
): { fragment: DocumentFragment; highlighted: Promise<void> } {
  const labels = options.labels ?? DEFAULT_LABELS;
  const tokens = lexBlocks(text.replace(/\r\n?/g, '\n'));
  const fragment = sanitizeToFragment(renderTokens(tokens, labels), { images: options.images, labels });
  const highlighter = options.highlight === undefined ? highlightElement : options.highlight;
  const code = (el: HTMLElement) =>
    isDiagramCode(el)
      ? drawDiagram(el, labels, options.styleRoot ?? document)
      : highlighter
        ? highlighter(el)
        : Promise.resolve();
  const math = typesetMath(fragment, () => options.styleRoot ?? document);
  const highlighted = Promise.all([highlightAll(fragment, code), math]).then(
    () => undefined,
    () => undefined,
  );
  return { fragment, highlighted };
}

export { IncrementalMarkdown, type IncrementalMarkdownOptions } from './incremental.js';
export { repairMarkdown } from './repair.js';
export { StreamLexer, lexBlocks, stableCount } from './lex.js';
export { renderTokens, DEFAULT_LABELS, type RenderLabels } from './render.js';
export { sanitizeToFragment, type SanitizeOptions } from './sanitize.js';
export { imageMode, loadImage, type ImageMode, type ImageLabels } from './images.js';
export { copySourceOf } from './owner.js';
export { followFootnote } from './footnotes.js';
export {
  highlightElement,
  highlightAll,
  loadLanguage,
  resolveLanguage,
  SUPPORTED_LANGUAGES,
  type Highlighter,
} from './highlight.js';
export { warmUpPipeline } from './warm-up.js';
export { typesetMath, loadKatex } from './math.js';
export { mathCopyText } from './copy-math.js';
