// Every piece of model output passes through here before it touches the DOM. One DOMPurify instance with
// one configuration; its hooks are registered exactly once (module state), so importing this module from
// several places, or rendering many times, never stacks hooks.
//
// Returns a DocumentFragment (RETURN_DOM_FRAGMENT), never an HTML string: callers insert nodes, so no
// sanitized-then-reparsed string can be mutated into something else (mXSS) and no innerHTML sink is used.
// Classes and data-* survive only on elements the renderer marked as its own (owner.ts): model HTML cannot
// dress up as a code block, a copy button or the widget's controls.
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { OWN_ATTR, readMark, setCopySource } from './owner.js';
import { rewriteImages, type ImageLabels, type ImageMode } from './images.js';

/** Attributes that carry a URL. */
const URL_ATTRS = new Set([
  'href',
  'src',
  'xlink:href',
  'action',
  'formaction',
  'poster',
  'cite',
  'background',
  'longdesc',
]);

/** Tags that must never render from model output (on top of DOMPurify's defaults: script etc.). */
export const FORBIDDEN_TAGS = [
  'style',
  'form',
  'input',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'fieldset',
  'output',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'meta',
  'base',
  'link',
  'portal',
  'audio',
  'video',
  'source',
  'track',
  'map',
  'area',
  'dialog',
  'template',
  'slot',
  'noscript',
];

/**
 * `id`/`name` are dropped outright (no DOM clobbering, no duplicate ids in the host page), `style` too
 * (model HTML must not be able to overlay or restyle the widget, nor fetch a CSS url()), `srcset` because its
 * URLs bypass the per-URL check below; `background`, `poster`, `ping` and friends fetch without a click.
 */
export const FORBIDDEN_ATTRS = [
  'id',
  'name',
  'style',
  'srcset',
  'sizes',
  'form',
  'formaction',
  'autofocus',
  'background',
  'poster',
  'ping',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'imagesrcset',
  'attributionsrc',
];

const CONFIG: Config = {
  USE_PROFILES: { html: true }, // no SVG / MathML from model output
  FORBID_TAGS: FORBIDDEN_TAGS,
  FORBID_ATTR: FORBIDDEN_ATTRS,
  ALLOW_DATA_ATTR: false, // kept by the hook below on the renderer's own elements only (data-copy, data-lang)
  ADD_ATTR: ['target'],
};

/** KaTeX's output (katex-chunk.ts): its HTML with classes and inline layout styles, its MathML, the SVG it draws. */
const MATH_CONFIG: Config = {
  USE_PROFILES: { html: true, mathMl: true },
  // MathML's <semantics>/<annotation> (the TeX source, for assistive tech) and the few SVG shapes KaTeX draws
  // (square roots, stretchy arrows). Not annotation-xml (an HTML integration point).
  ADD_TAGS: ['semantics', 'annotation', 'svg', 'path', 'line'],
  ADD_ATTR: ['encoding', 'viewbox', 'preserveaspectratio', 'd', 'x1', 'x2', 'y1', 'y2', 'stroke-width'],
  FORBID_TAGS: FORBIDDEN_TAGS,
  FORBID_ATTR: FORBIDDEN_ATTRS.filter((a) => a !== 'style'),
  ALLOW_DATA_ATTR: false,
};

/**
 * Mermaid's SVG (mermaid-chunk.ts), shown in a shadow root of its own: its ids (marker references) and its
 * <style> cannot reach the widget or the page there. No <image>, <use> or <foreignObject>.
 */
const DIAGRAM_CONFIG: Config = {
  USE_PROFILES: { svg: true, svgFilters: true },
  FORBID_TAGS: [...FORBIDDEN_TAGS.filter((t) => t !== 'style'), 'image', 'use', 'foreignobject', 'feimage'],
  FORBID_ATTR: FORBIDDEN_ATTRS.filter((a) => a !== 'style' && a !== 'id'),
  ALLOW_DATA_ATTR: false,
};

/** An inline style KaTeX or Mermaid wrote: sizes, offsets and colours; nothing that fetches or escapes. */
export function isLayoutStyle(value: string): boolean {
  return /^[\w\s.:;%#,()+-]*$/.test(value) && !/url|expression|image|var\(|position\s*:\s*fixed/i.test(value);
}

/** highlight.js's output classes (`hljs-*` scopes, sub-scope suffixes like `function_`, `inherited__`). */
export function isHighlightClass(name: string): boolean {
  return /^(?:hljs(?:-[\w-]+)?|[a-z][a-z0-9]*_+)$/.test(name);
}

export interface SanitizeOptions {
  /** How images load (images.ts). Default `click`. */
  images?: ImageMode;
  /** Localized image placeholder texts. */
  labels?: ImageLabels;
  /** The HTML is highlight.js's output for a renderer code block: its `hljs-*` classes stay. */
  highlighted?: boolean;
}

/** Renderer-marked elements of the current sanitize() call → their role (owner.ts). */
let marked = new WeakMap<Element, string>();
let highlighted = false;
/** Which output is being sanitized: model Markdown (and highlight.js's), KaTeX's, or Mermaid's. */
let mode: 'markdown' | 'math' | 'diagram' = 'markdown';

let purifier: Purifier | null = null;

function instance(): Purifier {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('beforeSanitizeAttributes', (node) => {
    const el = node as Element;
    if (!el.hasAttribute?.(OWN_ATTR)) return;
    const role = readMark(el.getAttribute(OWN_ATTR));
    el.removeAttribute(OWN_ATTR);
    if (role !== null) marked.set(el, role);
  });
  p.addHook('uponSanitizeAttribute', (node, data) => {
    const own = marked.has(node as Element);
    if (data.attrName.startsWith('data-')) {
      // The renderer's data-copy / data-lang / data-checked; model HTML carries no data-* at all.
      if (own && /^data-[a-z-]+$/.test(data.attrName)) data.forceKeepAttr = true;
      else data.keepAttr = false;
      return;
    }
    if (mode !== 'markdown' && (data.attrName === 'class' || data.attrName === 'style')) {
      // KaTeX (trust: false) and Mermaid (securityLevel strict) choose these themselves, not the formula or the
      // diagram's author; the diagram's live in its own shadow root. Checked anyway: no class from outside
      // their own naming, no style that fetches or leaves its box.
      const ok = data.attrName === 'style' ? isLayoutStyle(data.attrValue) : /^[\w\s-]*$/.test(data.attrValue);
      if (!ok) data.keepAttr = false;
      return;
    }
    if (data.attrName === 'class') {
      // Model HTML must not borrow the renderer's or the widget's class names (a fake code block whose Copy
      // text differs from what it shows, a fake send button or error notice styled like the real one).
      if (own) return;
      const kept = highlighted ? data.attrValue.split(/\s+/).filter(isHighlightClass).join(' ') : '';
      if (kept) data.attrValue = kept;
      else data.keepAttr = false;
      return;
    }
    if (!URL_ATTRS.has(data.attrName)) return;
    // Browsers ignore whitespace and control characters inside the scheme ("java\tscript:").
    // eslint-disable-next-line no-control-regex
    const value = data.attrValue.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
    if (value.startsWith('javascript:') || value.startsWith('vbscript:')) {
      data.keepAttr = false;
      return;
    }
    if (value.startsWith('data:')) {
      // A data: URL is fine only as an image's pixels.
      const isImgSrc = (node as Element).nodeName === 'IMG' && data.attrName === 'src';
      if (!isImgSrc || !value.startsWith('data:image/')) data.keepAttr = false;
    }
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const a = node as HTMLAnchorElement;
      if (marked.get(a) !== undefined && a.getAttribute('href')?.startsWith('#')) {
        // The renderer's own footnote links stay in the message (the element follows them on click).
      } else if (a.hasAttribute('href')) {
        // Links open outside the widget and cannot reach back into the page.
        a.setAttribute('target', '_blank');
        a.setAttribute('rel', 'noopener noreferrer');
      } else {
        a.removeAttribute('target');
      }
    } else if ((node as Element).hasAttribute?.('target')) {
      (node as Element).removeAttribute('target');
    }
  });
  purifier = p;
  return p;
}

/** Sanitizes HTML produced from model output into a fragment ready to insert. */
export function sanitizeToFragment(html: string, options: SanitizeOptions = {}): DocumentFragment {
  marked = new WeakMap();
  highlighted = options.highlighted ?? false;
  // DOMPurify returns null when the parser replaced <body> (e.g. "<div><frameset onload=…>"): nothing of it
  // is safe to show, and callers must still get a fragment (else the stream's render throws).
  const fragment =
    instance().sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true }) ?? document.createDocumentFragment();
  highlighted = false;
  // Still in DOMPurify's inert document: no image has started loading yet.
  rewriteImages(fragment, options.images ?? 'click', options.labels);
  recordCopySources(fragment);
  return fragment;
}

/**
 * Each renderer copy button copies the text of the renderer <code> that follows it (its own block's, as the
 * renderer escaped it: model HTML cannot reach inside), read now, before anything else can touch it.
 */
function recordCopySources(fragment: DocumentFragment): void {
  let button: Element | null = null;
  for (const el of Array.from(fragment.querySelectorAll('button, code'))) {
    const role = marked.get(el);
    if (role === 'copy') button = el;
    else if (role === 'code' && button) {
      setCopySource(button, (el.textContent ?? '').replace(/\n$/, ''));
      button = null;
    }
  }
}

/**
 * Re-applies the kept inline styles through the CSSOM. A page whose CSP has no 'unsafe-inline' styles (the
 * project's own page: style-src 'self') refuses style attributes, which KaTeX's layout (heights, offsets) and
 * Mermaid's sizes and legend colours are made of; styles set through `element.style` are not refused.
 */
export function applyInlineStyles(root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement | SVGElement>('[style]'))) {
    const css = el.getAttribute('style') ?? '';
    el.removeAttribute('style');
    el.style.cssText = css;
  }
}

/** Sanitizes KaTeX's HTML + MathML output (see MATH_CONFIG). */
export function sanitizeMath(html: string): DocumentFragment {
  const fragment = sanitizeWith(html, MATH_CONFIG, 'math');
  applyInlineStyles(fragment);
  return fragment;
}

/** Sanitizes Mermaid's SVG (see DIAGRAM_CONFIG); a <style> that imports or fetches anything is dropped. */
export function sanitizeDiagram(svg: string): DocumentFragment {
  const fragment = sanitizeWith(svg, DIAGRAM_CONFIG, 'diagram');
  for (const style of Array.from(fragment.querySelectorAll('style'))) {
    if (/@import|url\(\s*['"]?(?!#)|expression|@font-face/i.test(style.textContent ?? '')) style.remove();
  }
  applyInlineStyles(fragment);
  return fragment;
}

function sanitizeWith(html: string, config: Config, as: typeof mode): DocumentFragment {
  marked = new WeakMap();
  mode = as;
  try {
    return instance().sanitize(html, { ...config, RETURN_DOM_FRAGMENT: true }) ?? document.createDocumentFragment();
  } finally {
    mode = 'markdown';
  }
}

/** True when DOMPurify can run here (it needs a DOM). */
export function canSanitize(): boolean {
  return typeof window !== 'undefined' && instance().isSupported;
}
