// The Markdown pipeline: marked (GFM) → DOMPurify → highlight.js (lazy languages).
// One-shot renderMarkdown() for finished text, IncrementalMarkdown for streaming replies; both produce the
// same DOM for the same text.
import { lexBlocks } from './lex.js';
import { renderTokens, DEFAULT_LABELS, type RenderLabels } from './render.js';
import { sanitizeToFragment } from './sanitize.js';
import { highlightAll, highlightElement, type Highlighter } from './highlight.js';

export interface RenderMarkdownOptions {
  labels?: RenderLabels;
  /** Highlights code blocks after rendering (asynchronously; see `highlighted`). Default highlight.js. */
  highlight?: Highlighter | false;
}

/**
 * Renders finished Markdown to a sanitized fragment. Code blocks are highlighted asynchronously (their
 * language chunks load on demand); await `renderMarkdownSettled` when you need the highlighted result.
 */
export function renderMarkdown(text: string, options: RenderMarkdownOptions = {}): DocumentFragment {
  return renderMarkdownSettled(text, options).fragment;
}

/** renderMarkdown() plus a promise that resolves when its code blocks are highlighted. */
export function renderMarkdownSettled(
  text: string,
  options: RenderMarkdownOptions = {},
): { fragment: DocumentFragment; highlighted: Promise<void> } {
  const fragment = sanitizeToFragment(renderTokens(lexBlocks(text.replace(/\r\n?/g, '\n')), options.labels ?? DEFAULT_LABELS));
  const highlighter = options.highlight === undefined ? highlightElement : options.highlight;
  const highlighted = highlighter ? highlightAll(fragment, highlighter).catch(() => undefined) : Promise.resolve();
  return { fragment, highlighted };
}

export { IncrementalMarkdown, type IncrementalMarkdownOptions } from './incremental.js';
export { repairMarkdown } from './repair.js';
export { StreamLexer, lexBlocks, stableCount } from './lex.js';
export { renderTokens, DEFAULT_LABELS, type RenderLabels } from './render.js';
export { sanitizeToFragment } from './sanitize.js';
export { highlightElement, highlightAll, loadLanguage, resolveLanguage, SUPPORTED_LANGUAGES, type Highlighter } from './highlight.js';
export { warmUpPipeline } from './warm-up.js';
