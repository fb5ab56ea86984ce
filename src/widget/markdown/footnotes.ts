// GFM footnotes for marked (which has none built in): a reference `[^1]` becomes a superscript link, a definition
// `[^1]: text` (continued by lines indented two spaces or a tab) a footnote with a link back to its reference.
// Both render where they stand and depend on nothing else in the reply, so a streamed reply renders block by block
// exactly as the whole text does. Two simplifications next to GitHub, both for that locality: a footnote shows
// its label as written (models write [^1], [^2]… in order, which GitHub would number the same), and a definition
// stays where it was written (models write them last) instead of moving to the end.
// The links carry no id (sanitize.ts drops ids from model output): the element follows them within the message.
import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { escapeHtml } from './escape.js';
import { own } from './owner.js';

/** A label: up to 32 characters, no blank and no `]` (GFM allows more; models use numbers and short words). */
const REF = /^\[\^([^\]\s]{1,32})\]/;
/** A definition: its first line, then every line indented by two spaces or a tab. Linear: no ambiguity. */
const DEF = /^\[\^([^\]\s]{1,32})\]:[ \t]*([^\n]*(?:\n(?: {2}|\t)[^\n]*)*)(?:\n|$)/;

interface FootnoteToken extends Tokens.Generic {
  label: string;
}

/** Where a definition could start: the next line beginning with "[^" before the next blank line. */
function definitionStart(src: string): number | undefined {
  // Bounded by the blank line that ends a paragraph anyway, so lexing stays linear in the text.
  const blank = src.indexOf('\n\n');
  const at = (blank < 0 ? src : src.slice(0, blank)).indexOf('\n[^');
  return at < 0 ? undefined : at + 1;
}

export const footnoteDefinition: TokenizerAndRendererExtension = {
  name: 'footnoteDefinition',
  level: 'block',
  start: definitionStart,
  tokenizer(src) {
    const match = DEF.exec(src);
    if (!match) return undefined;
    const token: FootnoteToken = { type: 'footnoteDefinition', raw: match[0], label: match[1]!, tokens: [] };
    this.lexer.inline(match[2]!.replace(/\n(?: {2}|\t)/g, '\n').trim(), token.tokens);
    return token;
  },
  renderer(token) {
    const { label } = token as FootnoteToken;
    const name = escapeHtml(label);
    const back = escapeHtml(`${backLabel} ${label}`);
    return (
      `<div class="footnote"${own()} data-footnote-def="${name}"><span class="footnote-label"${own()}>${name}.</span> ` +
      `${this.parser.parseInline(token.tokens ?? [])} ` +
      `<a href="#fnref-${escapeHtml(encodeURIComponent(label))}" class="footnote-back"${own()} data-footnote-back="${name}"` +
      ` aria-label="${back}">↩</a></div>\n`
    );
  },
};

export const footnoteReference: TokenizerAndRendererExtension = {
  name: 'footnoteReference',
  level: 'inline',
  start(src) {
    const at = src.indexOf('[^');
    return at < 0 ? undefined : at;
  },
  tokenizer(src) {
    const match = REF.exec(src);
    if (!match) return undefined;
    const token: FootnoteToken = { type: 'footnoteReference', raw: match[0], label: match[1]! };
    return token;
  },
  renderer(token) {
    const name = escapeHtml((token as FootnoteToken).label);
    const href = escapeHtml(encodeURIComponent((token as FootnoteToken).label));
    return `<sup class="footnote-ref"${own()}><a href="#fn-${href}"${own()} data-footnote-ref="${name}">${name}</a></sup>`;
  },
};

// marked's renderer is synchronous: render.ts sets the localized back-link label for the current call.
let backLabel = 'Back to reference';

export function setFootnoteLabel(label: string): void {
  backLabel = label;
}

/**
 * Follows a footnote link the renderer made (model HTML cannot carry data-* attributes): a reference scrolls to
 * its definition in the same message, a back link to the first reference. True when `target` was such a link.
 */
export function followFootnote(target: Element): boolean {
  const link = target.closest?.('a[data-footnote-ref], a[data-footnote-back]');
  if (!link) return false;
  const body = link.closest('.md') ?? link.parentElement;
  const ref = link.getAttribute('data-footnote-ref');
  const label = CSS.escape(ref ?? link.getAttribute('data-footnote-back') ?? '');
  const to =
    ref !== null
      ? body?.querySelector<HTMLElement>(`[data-footnote-def="${label}"] a[data-footnote-back]`)
      : body?.querySelector<HTMLElement>(`a[data-footnote-ref="${label}"]`);
  if (to) {
    to.scrollIntoView({ block: 'nearest' });
    to.focus({ preventScroll: true });
  }
  return true;
}
