import { ok } from '../_support/assert.js';
import { renderMarkdownSettled } from '../../../src/widget/markdown/index.js';

describe('smoke', () => {
  it('typesets', async () => {
    const { fragment, highlighted } = renderMarkdownSettled(
      'Euler: $e^{i\\pi}+1=0$ and\n\n$$\\sqrt{x^2}$$\n\n```mermaid\ngraph TD\n  A-->B\n```\n',
    );
    const box = document.createElement('div');
    box.append(fragment);
    document.body.append(box);
    await highlighted;
    console.log(box.innerHTML.slice(0, 3000));
    console.log(box.querySelector('.diagram')?.shadowRoot?.innerHTML.slice(0, 3000));
    ok(box.querySelector('.katex'));
  });
});
