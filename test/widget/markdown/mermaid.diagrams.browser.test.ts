// Every common diagram kind (flowchart, sequence, class, state, ER, gantt, pie, mindmap) drawn by the lazy
// Mermaid chunk in Chromium, in light and dark: an SVG with the diagram's words, sanitized like the rest (no
// element or attribute the diagram sanitizer forbids, a hostile label kept as text that runs nothing); a gantt
// chart's dates on a phone-wide block; pie colours in both themes.
import { ok, equal, includes, notIncludes } from '../_support/assert.js';
import { renderInShadow, removeShadowHosts } from './_support/shadow-render.js';
import { allElements, attributeProblems } from '../security/_support/inspect.js';
import { installTraps, removeTraps, hits } from '../security/_support/traps.js';
import { BASIC_DIAGRAMS, DIAGRAMS } from '../../support/diagrams.js';

const render = (text: string, theme: 'light' | 'dark', width?: number) => renderInShadow(text, { theme, width });

afterEach(removeShadowHosts);

describe('mermaid diagram kinds', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const { kind, source, shows } of [...BASIC_DIAGRAMS, ...DIAGRAMS]) {
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

  it('keeps a gantt chart’s dates apart in a phone-wide block', async () => {
    const gantt = DIAGRAMS.find((d) => d.kind === 'gantt')!;
    const box = await render(`\`\`\`mermaid\n${gantt.source}\n\`\`\`\n`, 'light', 360);
    const root = box.querySelector('.diagram')!.shadowRoot!;
    const svg = root.querySelector('svg')!;
    ok(svg.getBoundingClientRect().width <= 360, 'fits the block');
    const shown = Array.from(root.querySelectorAll<SVGTextElement>('.tick text'))
      .filter((t) => getComputedStyle(t).display !== 'none')
      .map((t) => t.getBoundingClientRect());
    ok(shown.length >= 2, `dates on the axis (${shown.length})`);
    for (let i = 1; i < shown.length; i++)
      ok(
        shown[i - 1]!.right <= shown[i]!.left,
        `date ${i} clear of the one before (${shown[i - 1]!.right} > ${shown[i]!.left})`,
      );
    // Drawn for the block's width, not the page's and then scaled down: the dates keep Mermaid's 11 px.
    const size = parseFloat(getComputedStyle(root.querySelector('.tick text')!).fontSize);
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    ok(size * scale >= 10, `dates legible: ${(size * scale).toFixed(1)} px`);
  });

  it('colours the pie’s legend like its slices, and keeps slices and legend visible in the dark', async () => {
    const pie = DIAGRAMS.find((d) => d.kind === 'pie')!;
    const sum = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((s, v) => s + Number(v), 0);
    for (const theme of ['light', 'dark'] as const) {
      const box = await render(`\`\`\`mermaid\n${pie.source}\n\`\`\`\n`, theme);
      const root = box.querySelector('.diagram')!.shadowRoot!;
      const slices = Array.from(root.querySelectorAll('path.pieCircle'), (p) => getComputedStyle(p).fill);
      const keys = Array.from(root.querySelectorAll('.legend rect'), (r) => getComputedStyle(r).fill);
      equal(slices.length, 3);
      equal(keys.join(' '), slices.join(' '), `${theme}: legend keys in the slices' colours`);
      const legend = getComputedStyle(root.querySelector('.legend text')!).fill;
      const background = theme === 'dark' ? 0 : 765;
      // The legend text stands apart from the background, and in the dark every slice does too (the first was
      // near-black); light slices are Mermaid's pastels, outlined in black.
      for (const fill of theme === 'dark' ? [...slices, legend] : [legend])
        ok(Math.abs(sum(fill) - background) > 150, `${theme}: ${fill} visible on the ${theme} background`);
    }
  });
});
