// The KaTeX lazy chunk (loaded by math.ts the first time a formula appears): typesets one formula to a
// sanitized fragment, and brings KaTeX's style sheet into the element's shadow root.
// Fonts: @font-face rules are ignored inside shadow roots, so they go to the document, pointing at the woff2
// files the build copies next to this chunk (vite.config.ts: katex-fonts/); the rest of the CSS is adopted into
// each shadow root that shows a formula.
import katex from 'katex';
import cssText from 'katex/dist/katex.min.css?raw';
import { sanitizeMath } from './sanitize.js';
import { runWhenIdle } from './idle.js';

/** KaTeX options: no \href/\url/\html* (trust false), capped sizes and macro expansion; errors are caught. */
const OPTIONS = {
  throwOnError: true,
  trust: false,
  strict: 'ignore',
  maxSize: 20,
  maxExpand: 200,
  output: 'htmlAndMathml',
} as const;

/** Typeset formulas by display + TeX: streaming re-renders the growing block per frame, its formulas are reused. */
const cache = new Map<string, DocumentFragment>();
const CACHE_MAX = 256;

export type Typeset = { fragment: DocumentFragment } | { error: string };

/** True when `tex` was typeset before (a clone from the cache costs little; KaTeX + the sanitizer do not). */
export function isCached(tex: string, display: boolean): boolean {
  return cache.has(`${display ? 'D' : 'I'}${tex}`);
}

/** Typesets `tex`; a bad formula yields KaTeX's message instead (shortened). */
export function typeset(tex: string, display: boolean): Typeset {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let fragment = cache.get(key);
  if (!fragment) {
    try {
      fragment = sanitizeMath(katex.renderToString(tex, { ...OPTIONS, displayMode: display }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { error: message.length > 200 ? `${message.slice(0, 199)}…` : message };
    }
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, fragment);
  }
  return { fragment: fragment.cloneNode(true) as DocumentFragment };
}

/**
 * KaTeX's usual constructs, one step each. Run at idle once the chunk is here, so the first formulas of a reply
 * do not run KaTeX's and the MathML sanitizer's code cold inside a streaming frame (a long task otherwise).
 */
const WARM_UP = [
  'x^2 + \\alpha_i',
  '\\frac{a}{b} + \\sqrt{c}',
  '\\sum_{k=1}^{n} k',
  '\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}',
];

void runWhenIdle(
  WARM_UP.map((tex) => () => void sanitizeMath(katex.renderToString(tex, { ...OPTIONS, displayMode: true }))),
);

const FONT_FACE = /@font-face\{[^}]*\}/g;
let sheet: CSSStyleSheet | null = null;
const adopted = new WeakSet<Node>();

/**
 * Where the fonts are: beside this chunk. The all-in-one IIFE build has no import.meta.url: there they are
 * beside the script that loaded it (the build copies them next to gpt-chat.iife.js too).
 */
function fontBase(): string | null {
  const here =
    (import.meta as { url?: string }).url ??
    Array.from(document.scripts).find((s) => /gpt-chat[\w.-]*\.js(?:[?#]|$)/.test(s.src))?.src;
  return here ? new URL(/* @vite-ignore */ './katex-fonts/', here).href : null;
}

function fontFaces(): string {
  const base = fontBase();
  if (!base) return ''; // KaTeX then falls back to the system's serif fonts: legible, less exact
  return (cssText.match(FONT_FACE) ?? [])
    .map((rule) =>
      // Only the woff2 file (every browser the element supports reads it), from beside this chunk.
      rule.replace(/src:[^}]*url\(fonts\/([\w-]+)\.woff2\)[^}]*/, (_, name: string) => {
        return `src:url(${base}${name}.woff2) format("woff2")`;
      }),
    )
    .join('\n');
}

/** Adopts KaTeX's styles into `root` (a shadow root or the document), once per root. */
export function adoptKatexStyles(root: Node): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText.replace(FONT_FACE, ''));
    const fonts = new CSSStyleSheet();
    fonts.replaceSync(fontFaces());
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, fonts];
  }
  const target = root instanceof ShadowRoot || root instanceof Document ? root : document;
  if (adopted.has(target)) return;
  adopted.add(target);
  target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
}
