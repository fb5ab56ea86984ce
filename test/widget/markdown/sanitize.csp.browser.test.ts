// Formulas and diagrams on a page whose Content-Security-Policy refuses inline styles (style-src 'self', as the
// project's own page sends): KaTeX's layout and Mermaid's sizes and legend colours are inline styles, re-applied
// through the CSSOM after sanitizing (sanitize.ts, applyInlineStyles), which the policy does not refuse.
// Here the policy comes from a <meta> added at run time, which Chromium applies to the diagram's SVG but not to
// KaTeX's HTML (parsed apart); with the policy as a response header both were refused: test/e2e/page-diagrams.
import { ok, equal } from '../_support/assert.js';
import { renderInShadow, removeShadowHosts } from './_support/shadow-render.js';
import { DIAGRAMS } from '../../support/diagrams.js';

const render = (text: string) => renderInShadow(text);

afterEach(removeShadowHosts);

/** Elements whose style attribute the page refused: the attribute is there, its declarations are not. */
const refused = (root: ParentNode) =>
  Array.from(root.querySelectorAll<HTMLElement>('[style]')).filter(
    (el) => (el.getAttribute('style') ?? '').trim() !== '' && el.style.length === 0,
  );

before(() => {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "style-src 'self'";
  document.head.append(meta);
});

describe('inline styles under a CSP without unsafe-inline', () => {
  it('the policy is in force: a style attribute set here is refused', () => {
    const probe = document.createElement('div');
    probe.setAttribute('style', 'height: 7px');
    document.body.append(probe);
    equal(probe.getBoundingClientRect().height, 0, 'refused');
    probe.remove();
  });

  it('KaTeX keeps its layout', async () => {
    const box = await render('$$\n\\frac{a+b}{c_1} + \\sqrt{x^2} = \\sum_{k=1}^{n} k\n$$\n');
    const styled = box.querySelectorAll('.katex [style]');
    ok(styled.length > 5, `KaTeX's inline styles (${styled.length})`);
    equal(refused(box).length, 0, 'none refused');
    // The fraction stacks: numerator above the denominator, not on one line.
    const [num, den] = Array.from(box.querySelectorAll('.mfrac .vlist > span'))
      .filter((el) => /[abc]/.test(el.textContent ?? ''))
      .map((el) => el.getBoundingClientRect());
    ok(num && den && Math.abs(num.top - den.top) > 5, 'numerator and denominator on two levels');
  });

  it('a pie chart’s legend keys keep their slices’ colours', async () => {
    const pie = DIAGRAMS.find((d) => d.kind === 'pie')!;
    const box = await render(`\`\`\`mermaid\n${pie.source}\n\`\`\`\n`);
    const root = box.querySelector('.diagram')!.shadowRoot!;
    equal(refused(root).length, 0, 'none refused');
    const slices = Array.from(root.querySelectorAll('path.pieCircle'), (p) => getComputedStyle(p).fill);
    const keys = Array.from(root.querySelectorAll('.legend rect'), (r) => getComputedStyle(r).fill);
    equal(slices.length, 3);
    equal(keys.join(' '), slices.join(' '));
  });
});
