// Copying a selection that holds typeset formulas gives their TeX source between its delimiters ($…$, $$…$$),
// not KaTeX's glyphs twice over (its HTML and MathML). A formula partly selected is copied whole.
// The TeX comes from the renderer's own placeholder (data-tex survives only on renderer-made elements).

const BLOCKS = new Set(['P', 'DIV', 'LI', 'TR', 'PRE', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TABLE']);

/** The text to copy for `range`, or null when no typeset formula is in it (the browser's own copy is fine). */
export function mathCopyText(range: Range): string | null {
  const fragment = range.cloneContents();
  const formulas = fragment.querySelectorAll('.math[data-tex][data-typeset]');
  // A range inside a single formula clones only pieces of it: the formula is its common ancestor.
  const inside = (
    range.commonAncestorContainer instanceof Element
      ? range.commonAncestorContainer
      : range.commonAncestorContainer.parentElement
  )?.closest('.math[data-tex][data-typeset]');
  if (inside) return source(inside);
  if (!formulas.length) return null;
  for (const el of Array.from(formulas))
    el.replaceWith(el.getAttribute('data-display') === 'true' ? `\n${source(el)}\n` : source(el));
  return textOf(fragment)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function source(el: Element): string {
  const tex = el.getAttribute('data-tex') ?? '';
  return el.getAttribute('data-display') === 'true' ? `$$${tex}$$` : `$${tex}$`;
}

/** Text with a line break after each block, as the browser's plain-text copy roughly does. */
function textOf(node: Node): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) out += child.textContent ?? '';
    else if (child instanceof Element) {
      if (child.tagName === 'BR') out += '\n';
      else if (child.getAttribute('aria-hidden') !== 'true') out += textOf(child);
      if (BLOCKS.has(child.tagName)) out += '\n';
    }
  }
  return out;
}
