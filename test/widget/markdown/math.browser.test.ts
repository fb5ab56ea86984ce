// Formulas end to end in Chromium (math.ts, katex-chunk.ts, sanitize.ts): KaTeX DOM with MathML, prices as
// text, bad formulas shown as source with the error, trust: false, size/expansion limits, streaming (source
// while unclosed, typeset once closed, earlier formulas never re-rendered), math in code staying code.
import { ok, equal, includes, notIncludes } from '../_support/assert.js';
import { renderMarkdownSettled, IncrementalMarkdown } from '../../../src/widget/markdown/index.js';

async function render(text: string): Promise<HTMLElement> {
  const { fragment, highlighted } = renderMarkdownSettled(text);
  const box = document.createElement('div');
  box.className = 'md';
  box.append(fragment);
  document.body.append(box);
  await highlighted;
  return box;
}

afterEach(() => {
  for (const box of Array.from(document.body.querySelectorAll('.md'))) box.remove();
});

describe('math', () => {
  it('typesets $…$, \\(…\\), $$…$$ and \\[…\\] to KaTeX HTML with MathML', async () => {
    const box = await render(
      'Euler: $e^{i\\pi}+1=0$ and \\(a^2+b^2=c^2\\).\n\n$$\n\\int_0^1 x\\,dx = \\frac12\n$$\n\n\\[\\sqrt{2}\\]\n',
    );
    const formulas = box.querySelectorAll('.math');
    equal(formulas.length, 4);
    for (const el of Array.from(formulas)) {
      ok(el.querySelector('.katex .katex-html'), 'KaTeX HTML');
      ok(el.querySelector('.katex math semantics annotation[encoding="application/x-tex"]'), 'MathML with the TeX');
      notIncludes(el.textContent, '$');
    }
    equal(box.querySelectorAll('.math-display .katex-display').length, 2);
    equal(formulas[0]!.querySelector('annotation')!.textContent, 'e^{i\\pi}+1=0');
    ok(box.querySelector('.math-display svg path'), 'the square root is drawn (KaTeX SVG kept)');
    // KaTeX's layout needs its inline styles; they survive the sanitizer.
    ok(box.querySelector('.katex-html [style*="height"]'), 'layout styles kept');
  });

  it('KaTeX styles are adopted where the formula is shown, fonts are declared on the document', async () => {
    const host = document.createElement('div');
    const shadow = host.attachShadow({ mode: 'open' });
    document.body.append(host);
    const md = new IncrementalMarkdown(shadow.appendChild(document.createElement('div')), { styleRoot: shadow });
    md.setText('$x^2$');
    await md.settled();
    const rules = shadow.adoptedStyleSheets.flatMap((s) => Array.from(s.cssRules).map((r) => r.cssText));
    ok(
      rules.some((r) => r.startsWith('.katex')),
      'KaTeX rules in the shadow root',
    );
    const fonts = document.adoptedStyleSheets.flatMap((s) => Array.from(s.cssRules).map((r) => r.cssText));
    ok(fonts.some((r) => r.includes('KaTeX_Main') && r.includes('katex-fonts/KaTeX_Main-Regular.woff2')));
    equal(getComputedStyle(shadow.querySelector('.katex')!).fontFamily.includes('KaTeX_Main'), true);
    host.remove();
  });

  it('$$…$$ inside a sentence is displayed without ending the paragraph', async () => {
    const box = await render('So $$x^2$$ is wide, and the sentence goes on.');
    equal(box.querySelectorAll('p').length, 1);
    ok(box.querySelector('p > span.math.math-wide .katex-display'), 'displayed inside the paragraph');
    includes(box.querySelector('p')!.textContent, 'the sentence goes on.');
  });

  it('prices and currency stay text', async () => {
    const text = 'It costs $5 and $10, or US$3.50–$4. 价格$5，折扣后$3。';
    const box = await render(text);
    equal(box.querySelector('.math'), null);
    equal(box.textContent!.trim(), text);
  });

  it('math inside code spans and code blocks stays code', async () => {
    const box = await render('Run `echo $x$` here.\n\n```tex\n$$\\frac{a}{b}$$\n```\n');
    equal(box.querySelector('.math, .katex'), null);
    includes(box.querySelector('p code')!.textContent, '$x$');
    includes(box.querySelector('pre code')!.textContent, '$$\\frac{a}{b}$$');
  });

  it('a bad formula shows its source and the error, and the message goes on', async () => {
    const box = await render('Before $\\frac{a$ after.\n\n$$\\begin{matrix} a & b$$\n\nNext paragraph.');
    const bad = box.querySelectorAll('.math-error');
    equal(bad.length, 2);
    includes(bad[0]!.textContent, '$\\frac{a$');
    includes(bad[0]!.querySelector('.math-error-text')!.textContent, 'KaTeX parse error');
    includes(bad[1]!.textContent, '\\begin{matrix}');
    includes(box.textContent, 'Next paragraph.');
    includes(box.querySelector('p')!.textContent, 'after.');
  });

  it('trust is off: no links, images, classes, ids, styles or data from the TeX', async () => {
    const box = await render(
      '$\\href{javascript:alert(1)}{a}$ $\\url{https://example.invalid/}$ ' +
        '$\\htmlClass{launcher}{b}$ $\\htmlId{panel}{c}$ $\\htmlStyle{position:fixed;top:0}{d}$ ' +
        '$\\htmlData{copy=rm}{e}$ $\\includegraphics{https://example.invalid/t.png}$',
    );
    equal(box.querySelectorAll('.math').length, 7);
    equal(box.querySelector('a, img, [href], [src], [id], .launcher, [data-copy]'), null);
    for (const el of Array.from(box.querySelectorAll('[style]'))) {
      notIncludes(el.getAttribute('style'), 'fixed');
      notIncludes(el.getAttribute('style'), 'url');
    }
  });

  it('sizes and macro expansion are capped', async () => {
    const box = await render('$\\rule{9999em}{9999em}$\n\n$$\\def\\a{\\a\\a}\\a$$\n');
    const rule = box.querySelector<HTMLElement>('.math .katex .rule, .math .katex-rule');
    ok(rule, 'the rule is drawn');
    ok(rule.getBoundingClientRect().width < 1000, `rule capped: ${rule.getBoundingClientRect().width}px`);
    includes(box.querySelector('.math-error')?.textContent, 'Too many expansions');
  });

  it('streaming: an unclosed formula shows as source, renders once closed, earlier formulas stay the same nodes', async () => {
    const box = document.createElement('div');
    box.className = 'md';
    document.body.append(box);
    const md = new IncrementalMarkdown(box);
    md.append('First $a^2 + b');
    md.flush();
    await md.settled();
    equal(box.querySelector('.katex'), null);
    includes(box.textContent, '$a^2 + b');
    md.append('^2$ closed.\n\nSecond \\(c');
    md.flush();
    await md.settled();
    const first = box.querySelector('.math');
    ok(first?.querySelector('.katex'), 'typeset once closed');
    includes(box.textContent, '\\(c');
    md.append('\\) too.\n\n');
    const earlier: Element[] = [];
    for (let i = 0; i < 30; i++) {
      md.append(`Paragraph ${i} with $x_{${i}}$ and more text.\n\n`);
      md.flush();
      if (i === 2) {
        await md.settled();
        earlier.push(...Array.from(box.querySelectorAll('.math')).slice(0, 3));
        const katex = earlier.map((el) => el.querySelector('.katex'));
        ok(katex.every(Boolean), 'typeset');
        earlier.push(...(katex as Element[]));
      }
    }
    md.finish();
    await md.settled();
    const now = Array.from(box.querySelectorAll('.math'));
    equal(now.length, 32);
    for (const el of earlier) ok(el.isConnected && box.contains(el), 'the same DOM node as before');
    equal(now[0], earlier[0]);
    equal(box.querySelectorAll('.math:not([data-typeset])').length, 0);
    box.remove();
  });

  it('copy gives the TeX source of formulas in a selection', async () => {
    const { mathCopyText } = await import('../../../src/widget/markdown/copy-math.js');
    const box = await render('Euler: $e^{i\\pi}+1=0$ done.\n\n$$\\sqrt{2}$$\n\nAfter.');
    const range = document.createRange();
    range.selectNodeContents(box);
    equal(mathCopyText(range), 'Euler: $e^{i\\pi}+1=0$ done.\n\n$$\\sqrt{2}$$\n\nAfter.');
    // Part of a formula: the whole formula's TeX.
    const inner = box.querySelector('.katex-html .mord')!;
    range.selectNodeContents(inner);
    equal(mathCopyText(range), '$e^{i\\pi}+1=0$');
    // No formula in the selection: the browser's own copy.
    range.selectNodeContents(box.querySelector('p:last-child')!);
    equal(mathCopyText(range), null);
  });
});
