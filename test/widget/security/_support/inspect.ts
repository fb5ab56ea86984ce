// Invariants on the rendered shadow DOM of <gpt-chat> that hold whatever the model wrote.

/** Tags that must never exist inside rendered message content. */
export const FORBIDDEN_IN_CONTENT = new Set([
  'script',
  'style',
  'form',
  'input',
  'iframe',
  'object',
  'embed',
  'meta',
  'base',
  'link',
  'frame',
  'frameset',
  'applet',
  'textarea',
  'select',
  'portal',
  'template',
  'svg',
  'math',
]);

/** Attributes whose value is fetched or navigated to. */
const URL_ATTRS = new Set([
  'href',
  'src',
  'xlink:href',
  'action',
  'formaction',
  'poster',
  'background',
  'cite',
  'longdesc',
  'data',
  'codebase',
  'srcset',
  'dynsrc',
  'lowsrc',
  'ping',
  'manifest',
  'icon',
  'usemap',
  'srcdoc',
  'to',
  'from',
  'values',
]);

// Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
const squash = (v: string) => v.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();

/** Every element under `root`, entering nested shadow roots and template contents. */
export function* allElements(root: Node): Generator<Element> {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n as Element;
    yield el;
    if (el.shadowRoot) yield* allElements(el.shadowRoot);
    if (el instanceof HTMLTemplateElement) yield* allElements(el.content);
  }
}

/** Problems with one element's attributes, anywhere in the widget. */
export function attributeProblems(el: Element): string[] {
  const out: string[] = [];
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    if (name.startsWith('on')) out.push(`<${el.localName}> has ${name}=${JSON.stringify(attr.value.slice(0, 60))}`);
    if (!URL_ATTRS.has(name)) continue;
    const value = squash(attr.value);
    if (value.startsWith('javascript:') || value.startsWith('vbscript:')) {
      out.push(`<${el.localName}> has ${name}=${JSON.stringify(attr.value.slice(0, 60))}`);
    } else if (
      value.startsWith('data:') &&
      !(el.localName === 'img' && name === 'src' && value.startsWith('data:image/'))
    ) {
      out.push(`<${el.localName}> has a non-image data: URL in ${name}`);
    }
  }
  return out;
}

/**
 * Where `el` is drawn by KaTeX (inside a renderer formula: data-tex survives only on the renderer's own elements)
 * or by Mermaid (inside the shadow root of a renderer diagram, an element model HTML cannot make), or null.
 */
function drawnBy(el: Element): 'math' | 'diagram' | null {
  const root = el.getRootNode();
  if (root instanceof ShadowRoot && root.host.matches('.code-block > .diagram')) return 'diagram';
  // Nodes a later delta replaced are checked too, detached: so no `.md` ancestor is required.
  if (el.parentElement?.closest('.math[data-tex][data-typeset]')) return 'math';
  return null;
}

/** A style KaTeX or Mermaid may write: nothing fetched, nothing fixed over the page. */
const harmlessStyle = (css: string) => !/url\(\s*['"]?(?!#)|@import|expression|position\s*:\s*fixed/i.test(css);

/** Problems with an element that is (inside) message content. */
export function contentProblems(el: Element): string[] {
  const out = attributeProblems(el);
  const drawn = drawnBy(el);
  const allowed =
    drawn === 'math' ? new Set(['math', 'svg']) : drawn === 'diagram' ? new Set(['svg', 'style']) : new Set();
  if (FORBIDDEN_IN_CONTENT.has(el.localName) && !allowed.has(el.localName))
    out.push(`<${el.localName}> in message content`);
  if (el.localName === 'style' && !harmlessStyle(el.textContent ?? '')) out.push('a <style> that fetches');
  // KaTeX runs with trust: false (no \\href, \\url, \\includegraphics); Mermaid's SVG keeps no images or HTML.
  const banned = drawn === 'math' ? ['a', 'img'] : drawn === 'diagram' ? ['img', 'image', 'use', 'foreignObject'] : [];
  if (banned.includes(el.localName)) out.push(`<${el.localName}> in a ${drawn}`);
  const style = el.getAttribute('style');
  if (style !== null && (!drawn || !harmlessStyle(style)))
    out.push(`<${el.localName}> has a style attribute in message content: ${JSON.stringify(style.slice(0, 60))}`);
  const diagramHost = el.matches('.code-block > .diagram');
  if (el.shadowRoot && !diagramHost) out.push(`<${el.localName}> in message content has a shadow root`);
  // The element copies a copy button's data-copy value when it has one: text chosen by the model, not the
  // code shown (paste-jacking). The renderer's own buttons carry an empty data-copy.
  if (el.getAttribute('data-copy')) out.push(`<${el.localName}> carries its own data-copy text`);
  return out;
}

/** Whole-widget check: no on*, no dangerous URL anywhere; content holds no forbidden element. */
export function shadowProblems(host: HTMLElement): string[] {
  const out: string[] = [];
  for (const el of allElements(host.shadowRoot!)) out.push(...attributeProblems(el));
  for (const bubble of host.shadowRoot!.querySelectorAll('.msg .bubble')) {
    for (const el of allElements(bubble)) out.push(...contentProblems(el));
  }
  return out;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const intersect = (a: Box, b: Box): Box => ({
  left: Math.max(a.left, b.left),
  top: Math.max(a.top, b.top),
  right: Math.min(a.right, b.right),
  bottom: Math.min(a.bottom, b.bottom),
});
const empty = (b: Box) => b.right <= b.left || b.bottom <= b.top;

/** Establishes a containing block for fixed-position descendants (and clips them when it paints-contains). */
function containsFixed(cs: CSSStyleDeclaration): boolean {
  return (
    cs.transform !== 'none' ||
    cs.filter !== 'none' ||
    cs.perspective !== 'none' ||
    /paint|layout|strict|content/.test(cs.contain)
  );
}

/**
 * The part of `el` that can actually paint: its border box clipped by every ancestor (up to and including
 * `stop`) that clips it — overflow clips only descendants whose containing block is inside the clipper,
 * paint containment clips everything.
 */
export function paintedBox(el: Element, stop: Element): Box {
  let box: Box = el.getBoundingClientRect();
  const position = getComputedStyle(el).position;
  let insideContainingBlock = position !== 'fixed' && position !== 'absolute';
  // Up through shadow roots too: a diagram's SVG sits in the shadow root of the box that scrolls it.
  const up = (n: Element): Element | null => n.parentElement ?? (n.parentNode as ShadowRoot | null)?.host ?? null;
  for (let a: Element | null = up(el); a; a = up(a)) {
    const cs = getComputedStyle(a);
    if (!insideContainingBlock) {
      if (position === 'absolute' && (cs.position !== 'static' || containsFixed(cs))) insideContainingBlock = true;
      if (position === 'fixed' && containsFixed(cs)) insideContainingBlock = true;
    }
    const paintContained = /paint|strict|content/.test(cs.contain);
    const clips = cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
    if (paintContained || (clips && insideContainingBlock)) box = intersect(box, a.getBoundingClientRect());
    if (a === stop) break;
  }
  return box;
}

/** Descendants of each message's content that paint outside that message's bubble. */
export function escapes(host: HTMLElement, tolerance = 1): string[] {
  const out: string[] = [];
  for (const bubble of host.shadowRoot!.querySelectorAll('.msg .bubble')) {
    const outer = bubble.getBoundingClientRect();
    for (const el of allElements(bubble)) {
      const box = paintedBox(el, bubble);
      if (empty(box)) continue;
      if (
        box.left < outer.left - tolerance ||
        box.top < outer.top - tolerance ||
        box.right > outer.right + tolerance ||
        box.bottom > outer.bottom + tolerance
      ) {
        const cls = el.getAttribute('class');
        out.push(
          `<${el.localName}${cls ? ` class="${cls}"` : ''}> paints at ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)} outside its message ${Math.round(outer.left)},${Math.round(outer.top)}–${Math.round(outer.right)},${Math.round(outer.bottom)}`,
        );
      }
    }
  }
  return out;
}

/** The look of the widget's own controls, to compare before and after a payload. */
export function uiFingerprint(host: HTMLElement): string {
  const root = host.shadowRoot!;
  const parts: string[] = [];
  // Anchored at the panel: message content may carry the same class names (class="send").
  for (const selector of [
    'section.panel',
    '.panel > header',
    '.panel > .log',
    '.panel > form.composer',
    '.composer > textarea.input',
    '.composer > button.send',
    '.panel > header > h2',
  ]) {
    const el = root.querySelector(selector);
    if (!el) {
      parts.push(`${selector}: missing`);
      continue;
    }
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    parts.push(
      `${selector}: ${cs.display} ${cs.visibility} ${cs.position} ${cs.opacity} ${cs.color} ${cs.backgroundColor} ${cs.fontSize} ${cs.fontFamily} ${cs.transform} ${cs.zIndex} ${cs.pointerEvents} ${Math.round(r.left)},${Math.round(r.width)}x${Math.round(r.height)}`,
    );
  }
  return parts.join('\n');
}
