// Every piece of model output passes through here before it touches the DOM. One DOMPurify instance with
// one configuration; its hooks are registered exactly once (module state), so importing this module from
// several places, or rendering many times, never stacks hooks.
//
// Returns a DocumentFragment (RETURN_DOM_FRAGMENT), never an HTML string: callers insert nodes, so no
// sanitized-then-reparsed string can be mutated into something else (mXSS) and no innerHTML sink is used.
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';

/** Attributes that carry a URL. */
const URL_ATTRS = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'cite', 'background', 'longdesc']);

/** Tags that must never render from model output (on top of DOMPurify's defaults: script etc.). */
export const FORBIDDEN_TAGS = [
  'style', 'form', 'input', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'fieldset', 'output',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'meta', 'base', 'link', 'portal',
  'audio', 'video', 'source', 'track', 'map', 'area', 'dialog', 'template', 'slot', 'noscript',
];

/**
 * `id`/`name` are dropped outright (no DOM clobbering, no duplicate ids in the host page), `style` too
 * (model HTML must not be able to overlay or restyle the widget), `srcset` because its URLs bypass the
 * per-URL check below.
 */
export const FORBIDDEN_ATTRS = ['id', 'name', 'style', 'srcset', 'form', 'formaction', 'autofocus'];

const CONFIG: Config = {
  USE_PROFILES: { html: true }, // no SVG / MathML from model output
  FORBID_TAGS: FORBIDDEN_TAGS,
  FORBID_ATTR: FORBIDDEN_ATTRS,
  ALLOW_DATA_ATTR: true, // data-copy, data-lang (the element reads only those it set itself)
  ADD_ATTR: ['target'],
};

/** Class names the Markdown renderer (render.ts) itself puts on elements. */
const RENDERER_CLASSES = new Set(['code-block', 'code-header', 'code-lang', 'code-copy', 'table-scroll', 'task-box', 'md-plain']);

/**
 * Whether a class name may stay: only the renderer's own names, `language-*` on code, and highlight.js's
 * output (`hljs-*` scopes, and sub-scope suffixes like `function_`, `inherited__`). Model HTML must not
 * borrow the widget's class names (a fake send button or error notice styled like the real one).
 */
export function isRendererClass(name: string): boolean {
  return RENDERER_CLASSES.has(name) || /^(?:language-[\w+#.-]+|hljs(?:-[\w-]+)?|[a-z][a-z0-9]*_+)$/.test(name);
}

let purifier: Purifier | null = null;

function instance(): Purifier {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('uponSanitizeAttribute', (node, data) => {
    // The element copies a copy button's data-copy value when it has one: model HTML must not choose that
    // text (shown "ls", copied "curl … | sh"). The renderer's own buttons carry an empty data-copy.
    if (data.attrName === 'data-copy') {
      data.attrValue = '';
      return;
    }
    if (data.attrName === 'class') {
      const kept = data.attrValue.split(/\s+/).filter(isRendererClass).join(' ');
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
      if (a.hasAttribute('href')) {
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
export function sanitizeToFragment(html: string): DocumentFragment {
  // DOMPurify returns null when the parser replaced <body> (e.g. "<div><frameset onload=…>"): nothing of it
  // is safe to show, and callers must still get a fragment (else the stream's render throws).
  return instance().sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true }) ?? document.createDocumentFragment();
}

/** True when DOMPurify can run here (it needs a DOM). */
export function canSanitize(): boolean {
  return typeof window !== 'undefined' && instance().isSupported;
}
