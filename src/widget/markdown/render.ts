// marked tokens → HTML string (GFM: tables, task lists, strikethrough). The string is NOT safe yet: it
// always goes through sanitize.ts. Code blocks become a wrapper with a language label and a copy button
// (the element handles clicks on `[data-copy]` by event delegation and copies the text sanitize.ts recorded
// for that button); every element made here carries owner.ts's mark, so only these keep classes and data-*;
// tables get a horizontally scrolling container; task-list checkboxes are drawn as characters because
// <input> is forbidden in model output.
import { Marked, Renderer, type Token, type Tokens } from 'marked';
import { escapeHtml } from './escape.js';
import { renderPlain, PLAIN_CLASS } from './plain.js';
import { own } from './owner.js';
import { languageName } from './languages.js';
import { footnoteDefinition, footnoteReference, setFootnoteLabel } from './footnotes.js';
import type { ImageLabels } from './images.js';
import { inlineMath, blockMath } from './math.js';

/** Options shared by the lexer and the parser (they must agree). */
export const MARKED_OPTIONS = { gfm: true, breaks: false, async: false } as const;

export interface RenderLabels extends ImageLabels {
  /** aria-label / title of a code block's copy button. */
  copyCode: string;
  /** Visible text of the copy button. */
  copy: string;
  /** aria-label of a table's scroll region. */
  table: string;
  /** aria-label of a footnote's link back to its reference (the label follows). */
  footnoteBack?: string;
  /** A Mermaid diagram's toggle button, while the diagram shows / while the code shows. */
  showCode?: string;
  showDiagram?: string;
  /** The accessible name of a drawn diagram. */
  diagram?: string;
  /** Shown before the message of a diagram that failed. */
  diagramError?: string;
}

export const DEFAULT_LABELS: RenderLabels = { copyCode: 'Copy code', copy: 'Copy', table: 'Table' };

// marked's parser is synchronous, so the labels for the current call can live here.
let labels: RenderLabels = DEFAULT_LABELS;

export { escapeHtml };

/** The language name from a fence's info string, reduced to characters that are safe in a class name. */
export function fenceLanguage(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s+/)[0] ?? '';
  return word
    .replace(/[^\w+#.-]/g, '')
    .slice(0, 32)
    .toLowerCase();
}

const base = new Renderer();

// A block the complexity guard (guard.ts) took out of Markdown is shown by plain.ts (escaped text in
// pieces); the class lets the widget style it (and tests find it); it says nothing in any language.
export { renderPlain, PLAIN_CLASS };

const md = new Marked({
  ...MARKED_OPTIONS,
  extensions: [
    { name: 'plain', level: 'block', renderer: (token) => renderPlain((token as Tokens.Generic).text as string) },
    footnoteDefinition,
    footnoteReference,
    blockMath,
    inlineMath,
  ],
  renderer: {
    code(token: Tokens.Code): string {
      const lang = fenceLanguage(token.lang);
      const text = token.text.replace(/\n$/, '') + '\n';
      const codeAttrs = lang ? ` class="language-${lang}" data-lang="${lang}"` : '';
      const copyLabel = escapeHtml(labels.copyCode);
      const name = lang ? languageName(lang) : 'text';
      return (
        `<div class="code-block"${own()}>` +
        `<div class="code-header"${own()}><span class="code-lang"${own()}>${escapeHtml(name)}</span>` +
        `<button type="button" class="code-copy" data-copy${own('copy')} aria-label="${copyLabel}"` +
        ` title="${copyLabel}">` +
        `${escapeHtml(labels.copy)}</button></div>` +
        // tabindex: the <code> is what scrolls sideways, so the keyboard must be able to reach it (axe:
        // scrollable-region-focusable).
        `<pre><code tabindex="0"${own('code')}${codeAttrs}>${escapeHtml(text)}</code></pre></div>\n`
      );
    },
    table(this: Renderer, token: Tokens.Table): string {
      // tabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
      const region = `tabindex="0" role="region" aria-label="${escapeHtml(labels.table)}"`;
      return `<div class="table-scroll"${own()} ${region}>${base.table.call(this, token)}</div>\n`;
    },
    checkbox({ checked }: Tokens.Checkbox): string {
      const box = checked ? '☑' : '☐';
      return `<span class="task-box"${own()} data-checked="${checked ? 'true' : 'false'}">${box}</span> `;
    },
  },
});

/** What lex.ts's lexer needs: the same options, with the footnote tokenizers. */
export const LEXER_OPTIONS = md.defaults;

/** Renders block tokens (from lex.ts) to an unsanitized HTML string. */
export function renderTokens(tokens: Token[], withLabels: RenderLabels = DEFAULT_LABELS): string {
  labels = withLabels;
  setFootnoteLabel(withLabels.footnoteBack ?? 'Back to reference');
  try {
    return md.parser(tokens);
  } catch {
    // Defence in depth (lex.ts caps nesting): if the parser still overflows, show the source as plain text.
    return renderPlain(tokens.map((t) => t.raw).join(''));
  } finally {
    labels = DEFAULT_LABELS;
  }
}
