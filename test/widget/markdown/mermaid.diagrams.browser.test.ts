// Every diagram kind beyond flowcharts and sequences (class, state, ER, gantt, pie, mindmap) drawn by the lazy
// Mermaid chunk in Chromium, in light and dark: an SVG with the diagram's words, sanitized like the rest (no
// element or attribute the diagram sanitizer forbids, a hostile label kept as text that runs nothing).
import { ok, equal, includes, notIncludes } from '../_support/assert.js';
import { renderMarkdownSettled } from '../../../src/widget/markdown/index.js';
import { allElements, attributeProblems } from '../security/_support/inspect.js';
import { installTraps, removeTraps, hits } from '../security/_support/traps.js';
import { DIAGRAMS } from '../../support/diagrams.js';

async function render(text: string, theme: 'light' | 'dark'): Promise<HTMLElement> {
  const host = document.createElement('div');
  host.setAttribute('theme', theme);
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const { fragment, highlighted } = renderMarkdownSettled(text, { styleRoot: root });
  const box = document.createElement('div');
  box.className = 'md';
  box.append(fragment);
  root.append(box);
  await highlighted;
  return box;
}

afterEach(() => {
  for (const host of Array.from(document.body.querySelectorAll('div[theme]'))) host.remove();
});

describe('mermaid diagram kinds', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const { kind, source, shows } of DIAGRAMS) {
      it(`draws a ${kind} diagram, sanitized (${theme})`, async () => {
        installTraps();
        try {
          const box = await render(`\`\`\`mermaid\n${source}\n\`\`\`\n`, theme);
          const block = box.querySelector('.code-block')!;
          equal(block.getAttribute('data-diagram'), 'drawn', `${kind}: ${box.textContent}`);
          const root = box.querySelector('.diagram')!.shadowRoot!;
          const svg = root.querySelector('svg')!;
          ok(svg, 'an <svg>');
          for (const word of shows) includes(svg.textContent, word);
          const all = Array.from(allElements(root));
          ok(all.length > 5, 'drawn shapes');
          ok(root.adoptedStyleSheets.length >= 2, 'its own styles and Mermaid’s, adopted');
          // Styled by Mermaid's theme (not the default black fill, as when the page's CSP drops <style>).
          const shape = root.querySelector(
            'rect.task, g.mindmap-node circle, g.node rect, g.node path, path.pieCircle',
          );
          if (shape) notIncludes(getComputedStyle(shape).fill, 'rgb(0, 0, 0)', `${kind} shape fill`);
          const forbidden = ['img', 'script', 'foreignObject', 'image', 'use', 'iframe', 'a'];
          equal(all.filter((el) => forbidden.includes(el.localName)).length, 0, 'no forbidden elements');
          for (const el of all) equal(attributeProblems(el).join(), '', `${el.localName}`);
          // The hostile label is text (escaped in the markup), never an element or an attribute.
          notIncludes(root.innerHTML, '<img');
          for (const g of Array.from(root.querySelectorAll('g')).slice(0, 20))
            g.dispatchEvent(new MouseEvent('click', { bubbles: true }));
          await new Promise((r) => setTimeout(r, 50));
          equal(hits.map((h) => h.what).join(), '', 'nothing ran');
        } finally {
          removeTraps();
        }
      });
    }
  }

  it('draws dark diagrams darker than light ones (each kind)', async () => {
    const background = (box: HTMLElement) => {
      const svg = box.querySelector('.diagram')!.shadowRoot!.querySelector('svg')!;
      // The text colour follows the theme in every kind: light text on dark, dark text on light.
      const text = svg.querySelector('text, tspan');
      return text ? getComputedStyle(text).fill : '';
    };
    const sum = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((s, v) => s + Number(v), 0);
    for (const { kind, source } of DIAGRAMS) {
      const light = await render(`\`\`\`mermaid\n${source}\n\`\`\`\n`, 'light');
      const dark = await render(`\`\`\`mermaid\n${source}\n\`\`\`\n`, 'dark');
      const [l, d] = [background(light), background(dark)];
      ok(sum(d) > sum(l), `${kind}: text lighter on dark (${d}) than on light (${l})`);
    }
  });
});
