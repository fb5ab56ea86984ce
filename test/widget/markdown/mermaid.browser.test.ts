// ```mermaid blocks in Chromium (mermaid.ts, mermaid-chunk.ts, sanitize.ts): drawn as sanitized SVG in a shadow
// root of their own, a toggle to the code, a failed diagram shown as code + error, a streaming block shown as
// code, hostile labels / click callbacks / init directives without effect, the theme following the element.
import { ok, equal, includes, notIncludes } from '../_support/assert.js';
import { renderMarkdownSettled, IncrementalMarkdown } from '../../../src/widget/markdown/index.js';
import { allElements, attributeProblems } from '../security/_support/inspect.js';
import { installTraps, removeTraps, hits } from '../security/_support/traps.js';

const FLOW = '```mermaid\ngraph TD\n  A[Start] --> B{Ok?}\n  B -->|yes| C[Done]\n```\n';

async function render(text: string, styleRoot?: Node): Promise<HTMLElement> {
  const { fragment, highlighted } = renderMarkdownSettled(text, { styleRoot });
  const box = document.createElement('div');
  box.className = 'md';
  box.append(fragment);
  document.body.append(box);
  await highlighted;
  return box;
}

const svgOf = (box: Element) => box.querySelector('.diagram')?.shadowRoot?.querySelector('svg') ?? null;

afterEach(() => {
  for (const box of Array.from(document.body.querySelectorAll('.md'))) box.remove();
});

describe('mermaid', () => {
  it('draws a finished block as an SVG, with a toggle to its code', async () => {
    const box = await render(FLOW);
    const block = box.querySelector('.code-block')!;
    equal(block.getAttribute('data-diagram'), 'drawn');
    const svg = svgOf(box);
    ok(svg, 'an <svg>');
    includes(svg.textContent, 'Start');
    ok(svg.querySelectorAll('g.node').length >= 3, 'three nodes');
    const figure = box.querySelector<HTMLElement>('.diagram')!;
    equal(figure.getAttribute('role'), 'img');
    equal(figure.getAttribute('aria-label'), 'Diagram');
    const pre = block.querySelector('pre')!;
    equal(pre.hidden, true);
    ok(figure.getBoundingClientRect().height > 50, 'the diagram takes room');
    const toggle = block.querySelector<HTMLButtonElement>('.code-header .diagram-toggle')!;
    equal(toggle.textContent, 'Show code');
    toggle.click();
    equal(pre.hidden, false);
    equal(figure.hidden, true);
    equal(figure.getBoundingClientRect().height, 0);
    equal(toggle.textContent, 'Show diagram');
    toggle.click();
    equal(pre.hidden, true);
    equal(figure.hidden, false);
    // The Copy button still copies the diagram's source.
    ok(block.querySelector('.code-copy'), 'copy button kept');
  });

  it('uses the localized labels', async () => {
    const { fragment, highlighted } = renderMarkdownSettled(FLOW, {
      labels: {
        copy: '复制',
        copyCode: '复制代码',
        table: '表格',
        showCode: '显示代码',
        showDiagram: '显示图表',
        diagram: '图表',
      },
    });
    const box = document.createElement('div');
    box.className = 'md';
    box.append(fragment);
    document.body.append(box);
    await highlighted;
    equal(box.querySelector('.diagram-toggle')!.textContent, '显示代码');
    equal(box.querySelector('.diagram')!.getAttribute('aria-label'), '图表');
  });

  it('a diagram that fails shows its code and the error', async () => {
    const box = await render('```mermaid\nthis is not a diagram\n```\n\nAfter.');
    const block = box.querySelector('.code-block')!;
    equal(block.getAttribute('data-diagram'), 'failed');
    equal(box.querySelector('.diagram'), null);
    equal(block.querySelector('pre')!.hidden, false);
    includes(block.querySelector('pre')!.textContent, 'this is not a diagram');
    const error = block.querySelector('.diagram-error')!;
    includes(error.textContent, 'Could not draw this diagram');
    ok(error.textContent!.length > 'Could not draw this diagram: '.length, 'with Mermaid’s message');
    includes(box.textContent, 'After.');
    // Mermaid's own error graphic never lands in the page.
    equal(document.body.querySelector(':scope > [id^="dgpt-chat-diagram"], :scope > svg'), null);
  });

  it('a streaming block shows as code until it is finished', async () => {
    const box = document.createElement('div');
    box.className = 'md';
    document.body.append(box);
    const md = new IncrementalMarkdown(box);
    md.append('Here:\n\n```mermaid\ngraph TD\n  A --> B\n');
    md.flush();
    await md.settled();
    equal(box.querySelector('.diagram'), null);
    includes(box.querySelector('pre code')?.textContent, 'A --> B');
    md.append('  B --> C\n```');
    md.flush();
    await md.settled();
    equal(box.querySelector('.diagram'), null, 'the closing fence alone does not finish the block');
    md.append('\n\nDone.');
    md.flush();
    md.finish();
    await md.settled();
    ok(svgOf(box), 'drawn once finished');
    box.remove();
  });

  it('hostile labels, click callbacks and init directives change nothing', async () => {
    installTraps();
    try {
      const box = await render(
        '```mermaid\n%%{init: {"securityLevel": "loose", "themeCSS": ".node{background:url(https://example.invalid/t)}", ' +
          '"flowchart": {"htmlLabels": true}}}%%\ngraph TD\n  A["<img src=x onerror=alert(1)>"] --> B["<script>alert(2)</script>"]\n' +
          '  click A callback "tip"\n  click B href "javascript:alert(3)"\n  click A call alert(4)\n```\n\n' +
          '```mermaid\n---\nconfig:\n  securityLevel: loose\n  htmlLabels: true\n---\ngraph LR\n  X["<b onmouseover=alert(5)>x</b>"] --> Y\n```\n',
      );
      const roots = Array.from(box.querySelectorAll('.diagram')).map((d) => d.shadowRoot!);
      equal(roots.length, 2);
      for (const root of roots) {
        const all = Array.from(allElements(root));
        equal(
          all.filter((el) => ['img', 'script', 'foreignObject', 'image', 'use', 'iframe'].includes(el.localName))
            .length,
          0,
        );
        for (const el of all) equal(attributeProblems(el).join(), '');
        for (const sheet of root.adoptedStyleSheets)
          for (const rule of Array.from(sheet.cssRules)) notIncludes(rule.cssText, 'example.invalid');
        equal(root.querySelectorAll('style').length, 0, 'styles are adopted sheets (CSP without inline styles)');
        // The svg is still drawn, its labels as text.
        ok(root.querySelector('svg g.node'), 'nodes drawn');
      }
      // Mermaid (strict) keeps the label as text, its HTML already cleaned.
      includes(roots[0]!.querySelector('svg')!.textContent, '<img src="x">');
      notIncludes(roots[0]!.innerHTML, 'onerror');
      const node = roots[0]!.querySelector<SVGGElement>('g.node')!;
      node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 50));
      equal(hits.map((h) => h.what).join(), '');
    } finally {
      removeTraps();
    }
  });

  it('follows the element’s theme', async () => {
    const shadowHost = (theme: string) => {
      const host = document.createElement('div');
      host.setAttribute('theme', theme);
      document.body.append(host);
      return host.attachShadow({ mode: 'open' });
    };
    const light = await render(FLOW, shadowHost('light'));
    const dark = await render(FLOW, shadowHost('dark'));
    const fill = (box: HTMLElement) => getComputedStyle(svgOf(box)!.querySelector('g.node rect, g.node polygon')!).fill;
    const [l, d] = [fill(light), fill(dark)];
    ok(l !== d, `different node fills: ${l} vs ${d}`);
    const luminance = (rgb: string) =>
      rgb
        .match(/\d+/g)!
        .slice(0, 3)
        .reduce((s, v) => s + Number(v), 0);
    ok(luminance(d) < luminance(l), `dark fill darker: ${d} vs ${l}`);
  });
});
