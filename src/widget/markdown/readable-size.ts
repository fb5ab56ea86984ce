// How small a diagram may be drawn: fitted to its block (`max-width: 100%`), unless that would draw its smallest
// text under READABLE_TEXT_PX; then it keeps the width that text needs and its block scrolls sideways (as a wide
// table's does). A CSS min-width, not a measured width: the same rule holds whatever width the block takes later.

/** Narrower than this a diagram is laid out for a phone: a pie's legend goes under it (mermaid-chunk.ts). */
export const NARROW_DIAGRAM_PX = 600;

/** The smallest text a fitted diagram may show, in CSS px. */
export const READABLE_TEXT_PX = 11;

/** Gives `svg` the min-width at which its smallest text is READABLE_TEXT_PX, at most its own (viewBox) width. */
export function keepTextReadable(svg: SVGSVGElement, min = READABLE_TEXT_PX): void {
  const width = svg.viewBox.baseVal?.width;
  const sizes = Array.from(svg.querySelectorAll('text'))
    .filter((text) => text.textContent?.trim() && getComputedStyle(text).display !== 'none')
    .map((text) => parseFloat(getComputedStyle(text).fontSize))
    .filter((size) => size > 0);
  if (!width || !sizes.length) return;
  // Never wider than 1:1: text Mermaid itself draws small (a gantt's) is its choice, not the fitting's.
  const needed = width * Math.min(1, min / Math.min(...sizes));
  svg.style.minWidth = `${Math.ceil(needed)}px`;
}
