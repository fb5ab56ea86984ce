// TeX formulas in replies. The lexer turns `$…$`, `\(…\)`, `$$…$$` and `\[…\]` (math-scan.ts) into math tokens,
// rendered first as a placeholder that shows the source; typesetMath() then swaps each placeholder's content for
// KaTeX's output. KaTeX is its own lazy chunk (katex-chunk.ts), fetched the first time a formula appears; once
// it is here, a formula typeset before comes from the cache as it is rendered (so the growing block's formulas
// never flash as source again), a new one is typeset in a task of its own right after (typesetApart), and
// finished blocks (incremental.ts) are typeset once and never again.
// Code spans and blocks are lexed before this ever sees them, so math inside code stays code.
import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { escapeHtml } from './escape.js';
import { own } from './owner.js';
import { scanInlineMath, scanBlockMath, inlineMathStart, blockMathStart } from './math-scan.js';

type KatexChunk = typeof import('./katex-chunk.js');

interface MathToken extends Tokens.Generic {
  tex: string;
  display: boolean;
}

/** The placeholder: the source as written, and the TeX (data-tex) for typesetting and for copying. */
function placeholder(token: MathToken): string {
  // Inline `$$…$$` is displayed but stays a <span> inside its paragraph (a <div> would end the <p>).
  const tag = token.type === 'blockMath' ? 'div' : 'span';
  const kind = token.type === 'blockMath' ? 'math-display' : token.display ? 'math-inline math-wide' : 'math-inline';
  return (
    `<${tag} class="math ${kind}"${own('math')} data-tex="${escapeHtml(token.tex)}"` +
    ` data-display="${token.display}">${escapeHtml(token.raw.trim())}</${tag}>` +
    (token.type === 'blockMath' ? '\n' : '')
  );
}

export const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: inlineMathStart,
  tokenizer(src) {
    const m = scanInlineMath(src);
    if (m) return { type: 'inlineMath', raw: m.raw, tex: m.tex, display: m.display } as MathToken;
    // An opening \( or \[ with no closer yet (still streaming) shows as written, not as Markdown's escaped "(".
    if (src.startsWith('\\(') || src.startsWith('\\['))
      return { type: 'text', raw: src.slice(0, 2), text: src.slice(0, 2) };
    return undefined;
  },
  renderer: (token) => placeholder(token as MathToken),
};

export const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: blockMathStart,
  tokenizer(src) {
    const m = scanBlockMath(src);
    return m ? ({ type: 'blockMath', raw: m.raw, tex: m.tex, display: true } as MathToken) : undefined;
  },
  renderer: (token) => placeholder(token as MathToken),
};

let chunk: KatexChunk | null = null;
let loading: Promise<KatexChunk | null> | null = null;

/** Loads the KaTeX chunk once; null when it failed (offline): formulas then stay as source. */
export function loadKatex(): Promise<KatexChunk | null> {
  loading ??= import('./katex-chunk.js').then(
    (m) => (chunk = m),
    () => {
      loading = null; // a failed chunk load may succeed later
      return null;
    },
  );
  return loading;
}

const PENDING = '.math[data-tex]:not([data-typeset])';

/**
 * Typesets the formula placeholders under `root`: at once when KaTeX is loaded, else after loading it.
 * `styleRoot` is where KaTeX's style sheet is adopted (the element's shadow root). Returns null when done at
 * once, else a promise of the chunk's arrival and typesetting.
 */
export function typesetMath(root: ParentNode, styleRoot: () => Node): Promise<void> | null {
  const found = root.querySelectorAll<HTMLElement>(PENDING);
  if (!found.length) return null;
  if (chunk) {
    const k = chunk;
    const cached = (el: HTMLElement) => k.isCached(el.getAttribute('data-tex') ?? '', el.dataset.display === 'true');
    const all = Array.from(found);
    typesetAll(k, all.filter(cached), styleRoot());
    const fresh = all.filter((el) => !el.hasAttribute('data-typeset'));
    return fresh.length ? typesetApart(k, fresh, styleRoot) : null;
  }
  return loadKatex().then((k) => {
    if (!k) return;
    // Some may have been replaced meanwhile (the growing block): typesetting them costs little (cached).
    const left = Array.from(found).filter((el) => !el.hasAttribute('data-typeset'));
    if (left.length) typesetAll(k, left, styleRoot());
  });
}

/**
 * A formula not typeset before costs KaTeX and the MathML sanitizer a few ms, so each goes in a task of its own
 * rather than into the frame that renders it (with that frame's layout, a long task when several close at once);
 * until then it shows as written, as it did while unclosed. Streaming re-renders then find it in the cache.
 */
async function typesetApart(k: KatexChunk, elements: HTMLElement[], styleRoot: () => Node): Promise<void> {
  for (const el of elements) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!el.hasAttribute('data-typeset')) typesetAll(k, [el], styleRoot());
  }
}

function typesetAll(k: KatexChunk, elements: ArrayLike<HTMLElement>, styleRoot: Node): void {
  k.adoptKatexStyles(styleRoot);
  for (const el of Array.from(elements)) {
    const result = k.typeset(el.getAttribute('data-tex') ?? '', el.getAttribute('data-display') === 'true');
    el.setAttribute('data-typeset', '');
    if ('fragment' in result) {
      el.replaceChildren(result.fragment);
      continue;
    }
    // A bad formula: its source stays (as written), with KaTeX's message after it.
    el.classList.add('math-error');
    const note = document.createElement('span');
    note.className = 'math-error-text';
    note.textContent = result.error;
    el.append(' ', note);
  }
}
