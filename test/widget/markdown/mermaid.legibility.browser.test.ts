// Diagrams read where they are drawn: a pie's legend on a phone (not scaled down to a few px with the pie).
import { ok } from '../_support/assert.js';
import { renderInShadow, removeShadowHosts } from './_support/shadow-render.js';
import { DIAGRAMS } from '../../support/diagrams.js';

const diagram = async (source: string, theme: 'light' | 'dark', width?: number) => {
  const box = await renderInShadow(`\`\`\`mermaid\n${source}\n\`\`\`\n`, { theme, width });
  return box.querySelector('.diagram')!.shadowRoot!;
};

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
});
