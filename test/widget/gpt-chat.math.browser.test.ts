// Formulas and diagrams through the real <gpt-chat> streaming from the fake upstream: the KaTeX and Mermaid
// chunks are fetched only when a reply needs them (counted from the page's resource requests), formulas land
// typeset in the shadow root with KaTeX's styles, copying a selection gives the TeX, a diagram follows the
// element's dark theme. (This file must run in its own page: it counts first fetches.)
import { ok, equal, includes } from './_support/assert.js';
import { mount, cleanup, endpoint, uniqueKey, idle, waitFor, $, $$ } from './_support/helpers.js';
import type { GptChat } from '../../src/widget/index.js';

const fetched = (pattern: RegExp) =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((name) => pattern.test(name));
const KATEX = /katex-chunk|node_modules\/katex\//;
const MERMAID = /mermaid-chunk|node_modules\/mermaid\//;

async function ask(el: GptChat, reply: string): Promise<void> {
  el.endpoint = endpoint('normal', uniqueKey('math'), { reply });
  await el.updateComplete;
  await el.send('question');
  await idle(el);
}

afterEach(cleanup);

describe('<gpt-chat> math and diagrams', () => {
  it('fetches neither chunk for a reply without formulas or diagrams, each one when first needed', async () => {
    const el = await mount({ theme: 'dark' });
    await ask(el, 'Plain text, a price of $5 and $10, `code $x$`, and\n\n```js\nconst x = 1;\n```\n');
    await new Promise((r) => setTimeout(r, 300));
    equal(fetched(KATEX).join(), '', 'no KaTeX request');
    equal(fetched(MERMAID).join(), '', 'no Mermaid request');
    equal($(el, '.md .math'), null);

    await ask(el, 'Euler: $e^{i\\pi}+1=0$.\n');
    await waitFor(() => $(el, '.md .math[data-typeset] .katex'), 'the formula typeset');
    ok(
      fetched(KATEX).some((name) => name.includes('katex-chunk')),
      'KaTeX chunk fetched',
    );
    equal(fetched(MERMAID).join(), '', 'still no Mermaid request');

    await ask(el, '```mermaid\ngraph TD\n  A --> B\n```\n');
    await waitFor(() => $(el, '.md .diagram')?.shadowRoot?.querySelector('svg'), 'the diagram drawn');
    ok(
      fetched(MERMAID).some((name) => name.includes('mermaid-chunk')),
      'Mermaid chunk fetched',
    );
  });

  it('typesets streamed formulas inside the shadow root with KaTeX styles, and copies their TeX', async () => {
    const el = await mount({});
    await ask(el, 'The area is $\\pi r^2$ here.\n\n$$\n\\sum_{k=1}^n k = \\frac{n(n+1)}{2}\n$$\n\nEnd.');
    const formulas = await waitFor(() => {
      const all = $$(el, '.md .math[data-typeset]');
      return all.length === 2 ? all : null;
    }, 'two formulas typeset');
    ok(formulas[0]!.querySelector('.katex math'), 'MathML');
    // KaTeX's CSS applies inside the element: its hidden MathML copy is clipped to 1px.
    const mathml = formulas[0]!.querySelector<HTMLElement>('.katex-mathml')!;
    equal(getComputedStyle(mathml).position, 'absolute');
    ok(mathml.getBoundingClientRect().width <= 1, 'MathML visually hidden by KaTeX’s CSS');

    const body = $(el, '.msg.assistant:not(.greeting) .md')!;
    const selection = document.getSelection()!;
    selection.selectAllChildren(body);
    const data = new DataTransfer();
    const event = new ClipboardEvent('copy', { clipboardData: data, bubbles: true, composed: true, cancelable: true });
    body.querySelector('p')!.dispatchEvent(event);
    equal(event.defaultPrevented, true);
    const text = data.getData('text/plain');
    includes(text, 'The area is $\\pi r^2$ here.');
    includes(text, '$$\\sum_{k=1}^n k = \\frac{n(n+1)}{2}$$');
    includes(text, 'End.');
    selection.removeAllRanges();

    // The message's own Copy button copies the reply as written.
    let copied = '';
    const clipboard = navigator.clipboard;
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (t: string) => void (copied = t) },
    });
    try {
      $(el, '.msg.assistant:not(.greeting) .copy-message')!.click();
      await waitFor(() => copied, 'the copy');
      includes(copied, '$\\pi r^2$');
    } finally {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });
    }
  });
});
