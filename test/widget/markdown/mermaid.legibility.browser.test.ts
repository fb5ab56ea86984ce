// Diagrams read where they are drawn: a pie's legend on a phone (not scaled down to a few px with the pie), and
// a mindmap's text on a phone (kept at a readable size, scrolling sideways), and every mindmap node's and pie
// slice's text against its fill, light and dark (WCAG contrast, on palettes fit for the element).
import { ok } from '../_support/assert.js';
import { waitFor } from '../_support/helpers.js';
import { renderInShadow, removeShadowHosts } from './_support/shadow-render.js';
import { DIAGRAMS } from '../../support/diagrams.js';

const diagram = async (source: string, theme: 'light' | 'dark', width?: number) => {
  const box = await renderInShadow(`\`\`\`mermaid\n${source}\n\`\`\`\n`, { theme, width });
  return box.querySelector('.diagram')!.shadowRoot!;
};

/** WCAG relative luminance of a computed `rgb(…)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** `rgb(…)` of `top` at `alpha` over `under`. */
function blend(top: string, under: string, alpha: number): string {
  const [t, u] = [top, under].map((c) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number));
  return `rgb(${t!.map((v, i) => Math.round(v * alpha + u![i]! * (1 - alpha))).join(', ')})`;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

afterEach(removeShadowHosts);

describe('mermaid diagrams, legible', () => {
  const pie = DIAGRAMS.find((d) => d.kind === 'pie')!;

  // 358 px: the block's width in the element on a 390 px phone.
  it('draws a pie’s legend at a readable size in a phone-wide block, none of it cut off', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const root = await diagram(pie.source, theme, 358);
      const svg = root.querySelector('svg')!;
      const frame = svg.getBoundingClientRect();
      ok(frame.width <= 358, `${theme}: fits the block (${frame.width})`);
      const scale = frame.width / svg.viewBox.baseVal.width;
      const texts = Array.from(root.querySelectorAll<SVGTextElement>('.legend text'));
      ok(texts.length === 3, 'a legend entry per slice');
      for (const text of texts) {
        const size = parseFloat(getComputedStyle(text).fontSize) * scale;
        ok(size >= 11, `${theme}: legend “${text.textContent}” drawn at ${size.toFixed(1)} px`);
        const box = text.getBoundingClientRect();
        ok(box.left >= frame.left - 1 && box.right <= frame.right + 1, `${theme}: “${text.textContent}” inside`);
      }
    }
  });

  const legendBeside = (root: ShadowRoot) => {
    const circle = root.querySelector('circle.pieOuterCircle')!.getBoundingClientRect();
    const keys = Array.from(root.querySelectorAll('.legend rect'), (key) => key.getBoundingClientRect());
    return keys.length > 0 && keys.every((key) => key.left > circle.right);
  };

  it('keeps a pie’s legend beside it in a wide block', async () => {
    ok(legendBeside(await diagram(pie.source, 'light', 760)), 'legend right of the pie');
  });

  it('redraws a pie drawn in a phone-wide block once its block is wide, and back', async () => {
    const root = await diagram(pie.source, 'light', 358);
    ok(!legendBeside(root), 'legend under the pie on a phone');
    const host = root.host.getRootNode() as ShadowRoot;
    (host.host as HTMLElement).style.width = '760px';
    await waitFor(() => legendBeside(root), 'the legend beside the pie', 5000);
    (host.host as HTMLElement).style.width = '358px';
    await waitFor(() => !legendBeside(root), 'the legend under the pie again', 5000);
    ok(root.querySelectorAll('svg').length === 1, 'one drawing, replaced');
  });

  const branches = Array.from({ length: 12 }, (_, i) => `    Branch ${i + 1}\n      Leaf ${i + 1}`).join('\n');
  const bigMindmap = `mindmap\n  root((Ideas))\n${branches}`;
  // The element's --_bg (styles.ts), and how far a fill must stand off it.
  const backgrounds = { light: ['rgb(255, 255, 255)', 1.4], dark: ['rgb(27, 29, 33)', 1.8] } as const;

  for (const theme of ['light', 'dark'] as const) {
    it(`gives every mindmap node text readable on its fill (${theme}), on fills that stand off the background`, async () => {
      const root = await diagram(bigMindmap, theme);
      const nodes = Array.from(root.querySelectorAll('g.mindmap-node'));
      ok(nodes.length === 25, `every node drawn (${nodes.length})`);
      const [background, standOff] = backgrounds[theme];
      for (const node of nodes) {
        const shape = node.querySelector('rect, path, circle, polygon')!;
        const text = node.querySelector('tspan') ?? node.querySelector('text')!;
        const [fill, ink] = [getComputedStyle(shape).fill, getComputedStyle(text).fill];
        const label = `${node.textContent?.trim()} (${ink} on ${fill})`;
        ok(contrast(ink, fill) >= 4.5, `${label}: text contrast ${contrast(ink, fill).toFixed(2)}`);
        ok(contrast(fill, background) >= standOff, `${label}: fill stands off the background`);
      }
    });

    it(`gives every pie slice label readable on its slice (${theme})`, async () => {
      const source = `pie\n${Array.from({ length: 12 }, (_, i) => `  "S${i + 1}" : ${30 - i}`).join('\n')}`;
      const root = await diagram(source, theme);
      const slices = Array.from(root.querySelectorAll('path.pieCircle'));
      const labels = Array.from(root.querySelectorAll('text.slice'));
      ok(slices.length === 12 && labels.length === 12, `a label per slice (${slices.length}, ${labels.length})`);
      slices.forEach((slice, i) => {
        const style = getComputedStyle(slice);
        // What shows: the fill at its opacity over the diagram's background.
        const fill = blend(style.fill, backgrounds[theme][0], Number(style.opacity) * Number(style.fillOpacity));
        const ink = getComputedStyle(labels[i]!).fill;
        ok(contrast(ink, fill) >= 4.5, `${theme} slice ${i + 1}: ${ink} on ${fill}: ${contrast(ink, fill).toFixed(2)}`);
      });
    });
  }

  // A mindmap is drawn at its own size and scaled to the block: on a phone its 16 px text came out at ~8 px.
  it('draws a mindmap’s text at 11 px or more in a phone-wide block, scrolling sideways instead', async () => {
    const root = await diagram(bigMindmap, 'light', 358);
    const svg = root.querySelector('svg')!;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of Array.from(root.querySelectorAll<SVGTextElement>('g.mindmap-node text'))) {
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      ok(size >= 11 - 0.05, `“${text.textContent}” drawn at ${size.toFixed(1)} px`);
    }
    const figure = root.host as HTMLElement;
    ok(figure.scrollWidth > figure.clientWidth, 'the diagram scrolls sideways in its block');
    // It opens at its middle, where the root is: the root node is in view, not cut at the block's edge.
    await waitFor(() => figure.scrollLeft > 0, 'scrolled to the middle');
    const middle = (figure.scrollWidth - figure.clientWidth) / 2;
    ok(Math.abs(figure.scrollLeft - middle) <= 1, `scrollLeft ${figure.scrollLeft}, middle ${middle}`);
    const rootNode = Array.from(root.querySelectorAll('g.mindmap-node')).find((g) => g.textContent?.includes('Ideas'))!;
    const rootBox = rootNode.getBoundingClientRect();
    const view = figure.getBoundingClientRect();
    ok(rootBox.left >= view.left && rootBox.right <= view.right, 'the root node is in view');
  });

  it('still fits a small mindmap to a wide block, its text already readable', async () => {
    const mindmap = DIAGRAMS.find((d) => d.kind === 'mindmap')!;
    const root = await diagram(mindmap.source, 'light', 760);
    const figure = root.host as HTMLElement;
    ok(figure.scrollWidth <= figure.clientWidth, 'no sideways scrolling');
  });
});
