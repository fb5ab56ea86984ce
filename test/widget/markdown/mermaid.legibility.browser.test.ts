// Diagrams read where they are drawn: a pie's legend on a phone (not scaled down to a few px with the pie), and
// every mindmap branch's text against its fill in the dark theme (WCAG contrast, on palette fit for the element).
import { ok } from '../_support/assert.js';
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

  it('keeps a pie’s legend beside it in a wide block', async () => {
    const root = await diagram(pie.source, 'light', 760);
    const circle = root.querySelector('circle.pieOuterCircle')!.getBoundingClientRect();
    for (const key of Array.from(root.querySelectorAll('.legend rect')))
      ok(key.getBoundingClientRect().left > circle.right, 'legend right of the pie');
  });

  it('gives every mindmap branch text readable on its fill in the dark, on fills that stand off the background', async () => {
    const branches = Array.from({ length: 12 }, (_, i) => `    Branch ${i + 1}\n      Leaf ${i + 1}`).join('\n');
    const root = await diagram(`mindmap\n  root((Ideas))\n${branches}`, 'dark');
    const nodes = Array.from(root.querySelectorAll('g.mindmap-node'));
    ok(nodes.length === 25, `every node drawn (${nodes.length})`);
    const background = 'rgb(27, 29, 33)'; // the element's dark --_bg (styles.ts)
    for (const node of nodes) {
      const shape = node.querySelector('rect, path, circle, polygon')!;
      const text = node.querySelector('tspan') ?? node.querySelector('text')!;
      const [fill, ink] = [getComputedStyle(shape).fill, getComputedStyle(text).fill];
      const label = `${node.textContent?.trim()} (${ink} on ${fill})`;
      ok(contrast(ink, fill) >= 4.5, `${label}: text contrast ${contrast(ink, fill).toFixed(2)}`);
      ok(contrast(fill, background) >= 1.8, `${label}: fill stands off the background`);
    }
  });
});
