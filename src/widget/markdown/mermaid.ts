// ```mermaid blocks drawn as diagrams. A block is drawn once it is finished (incremental.ts hands finished code
// blocks here; the growing one stays code). Mermaid is its own lazy chunk (mermaid-chunk.ts), fetched the
// first time such a block appears. The sanitized SVG goes into a shadow root of its own inside the code block
// (its ids and styles stay there); the code stays in the block, hidden, behind a toggle button; a diagram that
// fails leaves the code shown with Mermaid's message under it. A pie or gantt is drawn again when its block turns
// from phone-wide to wide or back (redrawOnResize).
import { sanitizeDiagram } from './sanitize.js';
import { keepTextReadable, NARROW_DIAGRAM_PX } from './readable-size.js';
import type { RenderLabels } from './render.js';

type MermaidChunk = typeof import('./mermaid-chunk.js');

let loading: Promise<MermaidChunk | null> | null = null;

function loadMermaid(): Promise<MermaidChunk | null> {
  loading ??= import('./mermaid-chunk.js').catch(() => {
    loading = null; // a failed chunk load (offline) may succeed later
    return null;
  });
  return loading;
}

/** True for a renderer code block whose language is Mermaid. */
export function isDiagramCode(code: Element): boolean {
  return code.getAttribute('data-lang') === 'mermaid';
}

/** Dark when the element is: its `theme` attribute, else the scheme its controller set (data-scheme). */
export function isDark(node: Node): boolean {
  const root = node.getRootNode();
  const host = root instanceof ShadowRoot ? root.host : null;
  const theme = host?.getAttribute('theme');
  if (theme === 'dark' || theme === 'light') return theme === 'dark';
  if (host?.getAttribute('data-scheme')) return host.getAttribute('data-scheme') === 'dark';
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

// The last rule: Mermaid 11 starts some mindmap nodes' labels (circle, square) at the centre: they ran off it.
const SHADOW_CSS =
  ':host(:not([hidden])){display:block;overflow:auto;padding:12px}svg{display:block;margin:auto;max-width:100%;height:auto}' +
  'g.mindmap-node>g.label[transform^="translate(0,"] text{text-anchor:middle}';

function sheetOf(css: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css); // (@import rules are ignored here; sanitizeDiagram drops styles that have any)
  return sheet;
}

/** Draws the finished ```mermaid block around `code` (once). Resolves when drawn, failed, or left as code. */
export async function drawDiagram(code: HTMLElement, labels: RenderLabels, themeOf: Node): Promise<void> {
  const block = code.closest('.code-block');
  const pre = code.parentElement;
  if (!block || !pre || block.hasAttribute('data-diagram')) return;
  block.setAttribute('data-diagram', 'pending');
  const source = code.textContent ?? '';
  const chunk = await loadMermaid();
  if (!chunk) return block.removeAttribute('data-diagram');
  const width = widthOf(block);
  const drawn = await chunk.draw(source, isDark(themeOf), width);
  if ('error' in drawn) {
    block.setAttribute('data-diagram', 'failed');
    const note = document.createElement('p');
    note.className = 'diagram-error';
    note.setAttribute('role', 'note');
    note.textContent = `${labels.diagramError ?? 'Could not draw this diagram'}: ${drawn.error}`;
    block.append(note);
    return;
  }
  const figure = document.createElement('div');
  figure.className = 'diagram';
  figure.setAttribute('role', 'img');
  figure.setAttribute('aria-label', labels.diagram ?? 'Diagram');
  const shadow = figure.attachShadow({ mode: 'open' });
  block.insertBefore(figure, pre);
  pre.hidden = true;
  block.setAttribute('data-diagram', 'drawn');
  const kind = show(shadow, drawn.svg);
  if (kind === 'mindmap') centreWhenScrolling(figure);
  block.querySelector('.code-header')?.insertBefore(toggle(figure, pre, labels), block.querySelector('.code-copy'));
  if (kind && LAID_OUT_FOR_WIDTH.has(kind)) {
    redrawOnResize(block, width, async (now) => {
      const again = await chunk.draw(source, isDark(themeOf), now);
      if (!('error' in again)) show(shadow, again.svg);
    });
  }
}

/**
 * A mindmap wider than its block (kept readable, readable-size.ts) opens scrolled to its middle, where its root
 * is, rather than at its left edge with the root half out of view. Not when the reader has scrolled it already.
 */
function centreWhenScrolling(figure: HTMLElement): void {
  requestAnimationFrame(() => {
    const overflow = figure.scrollWidth - figure.clientWidth;
    if (overflow > 0 && figure.scrollLeft === 0) figure.scrollLeft = overflow / 2;
  });
}

/** The width a diagram in `block` will have: the block's, less the figure's padding (SHADOW_CSS); none if hidden. */
function widthOf(block: Element): number | undefined {
  return block.clientWidth > 100 ? block.clientWidth - 24 : undefined;
}

/** Diagram kinds Mermaid lays out for the width it is given: a pie's legend beside or under it, a gantt's width. */
const LAID_OUT_FOR_WIDTH = new Set(['pie', 'gantt']);

/** Puts a drawn diagram's sanitized SVG into `shadow` (replacing one drawn before); returns the diagram's kind. */
function show(shadow: ShadowRoot, drawn: string): string | null {
  const svg = sanitizeDiagram(drawn);
  // Mermaid's <style> becomes an adopted sheet: a page whose CSP has no 'unsafe-inline' styles (the project's own
  // page: style-src 'self') ignores <style> elements, which left gantt bars and mindmap nodes black.
  const styles = Array.from(svg.querySelectorAll('style'), (style) => {
    style.remove();
    return sheetOf(style.textContent ?? '');
  });
  shadow.adoptedStyleSheets = [sheetOf(SHADOW_CSS), ...styles];
  shadow.replaceChildren(svg);
  thinAxisLabels(shadow);
  const drawing = shadow.querySelector('svg');
  const kind = drawing?.getAttribute('aria-roledescription') ?? null;
  if (drawing && kind === 'pie') fitToDrawing(drawing);
  if (drawing) keepTextReadable(drawing);
  return kind;
}

/**
 * Redraws when the block's width crosses NARROW_DIAGRAM_PX (or it is first shown, having been drawn hidden): the
 * layout chosen for the width it had when drawn no longer fits. Debounced: a window being resized redraws once.
 */
function redrawOnResize(block: Element, drawnAt: number | undefined, redraw: (width: number) => Promise<void>): void {
  const layoutFor = (width: number | undefined) => (width === undefined ? 'hidden' : width < NARROW_DIAGRAM_PX);
  let laidOutFor = layoutFor(drawnAt);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!block.isConnected) return observer.disconnect();
      const width = widthOf(block);
      if (width === undefined || layoutFor(width) === laidOutFor) return;
      laidOutFor = layoutFor(width);
      void redraw(width);
    }, REDRAW_DEBOUNCE_MS);
  });
  observer.observe(block);
}

const REDRAW_DEBOUNCE_MS = 200;

/**
 * Hides an axis's tick labels that would overlap the one before (a gantt chart's dates on a phone): Mermaid
 * picks about ten ticks whatever the width. Every other label goes until the kept ones no longer touch.
 */
export function thinAxisLabels(root: ShadowRoot): void {
  for (const axis of Array.from(root.querySelectorAll('g.grid, g.axis'))) {
    const labels = Array.from(axis.querySelectorAll<SVGTextElement>('.tick text'));
    const boxes = labels.map((label) => label.getBoundingClientRect());
    if (boxes.every((box) => box.width === 0)) continue; // not laid out (hidden): nothing to measure
    let step = 1;
    const overlaps = (n: number) =>
      boxes.some((box, i) => i % n === 0 && i + n < boxes.length && box.right + 4 > boxes[i + n]!.left);
    while (step < labels.length && overlaps(step)) step++;
    labels.forEach((label, i) => {
      if (i % step) label.style.display = 'none';
    });
  }
}

/**
 * Crops an SVG's viewBox to what is drawn in it (a few px of margin). Mermaid's pie keeps a fixed 450 px square
 * plus margins whatever its legend's place, and clips a legend under it that is wider than that: on a phone the
 * empty margins cost the legend a tenth of its size.
 */
export function fitToDrawing(svg: SVGSVGElement, margin = 4): void {
  const box = svg.getBBox();
  if (!box.width || !box.height) return; // not laid out (hidden): nothing to measure
  const [x, y, width, height] = [box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin];
  svg.setAttribute('viewBox', `${x} ${y} ${width} ${height}`);
  svg.style.maxWidth = `${width}px`; // drawn at most 1:1, as Mermaid sized it
}

/** The button that switches between the diagram and its code. */
function toggle(figure: HTMLElement, pre: HTMLElement, labels: RenderLabels): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'diagram-toggle';
  const show = () => {
    const codeShown = figure.hidden;
    button.textContent = codeShown ? (labels.showDiagram ?? 'Show diagram') : (labels.showCode ?? 'Show code');
  };
  button.addEventListener('click', () => {
    figure.hidden = !figure.hidden;
    pre.hidden = !figure.hidden;
    show();
  });
  show();
  return button;
}
