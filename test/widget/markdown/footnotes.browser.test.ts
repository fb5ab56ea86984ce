// GFM footnotes (issue #13 part 7): references, definitions with back links, the same DOM streamed in small chunks
// as rendered at once, and nothing a model could abuse (the links are the renderer's, model HTML gets no data-*).
import { ok, equal, includes } from '../_support/assert.js';
import { renderMarkdown } from '../../../src/widget/markdown/index.js';
import { IncrementalMarkdown } from '../../../src/widget/markdown/incremental.js';
import { followFootnote } from '../../../src/widget/markdown/footnotes.js';
import { CORPUS, chunksOf } from '../_support/corpus.js';

function render(text: string): HTMLElement {
  const div = document.createElement('div');
  div.className = 'md';
  div.append(
    renderMarkdown(text, {
      highlight: false,
      labels: { copy: 'c', copyCode: 'c', table: 't', footnoteBack: 'Back to reference' },
    }),
  );
  document.body.append(div);
  return div;
}

describe('footnotes', () => {
  afterEach(() => document.querySelectorAll('body > .md').forEach((d) => d.remove()));

  it('renders references as superscript links and definitions with a back link', () => {
    const root = render(CORPUS.footnotes!);
    const refs = Array.from(root.querySelectorAll('sup.footnote-ref a'));
    equal(refs.map((a) => a.textContent).join(','), '1,note,1');
    equal(refs[0]!.getAttribute('data-footnote-ref'), '1');
    equal(refs[0]!.getAttribute('href'), '#fn-1');
    ok(!refs[0]!.hasAttribute('target'), 'stays in the message');
    const defs = Array.from(root.querySelectorAll('.footnote[data-footnote-def]'));
    equal(defs.length, 2);
    includes(defs[0]!.textContent, 'At 1 atm, standard pressure.');
    ok(defs[0]!.querySelector('em'), 'inline Markdown inside a definition');
    includes(defs[1]!.textContent, 'about\n101.3 kPa', 'an indented line continues the definition');
    equal(
      defs[1]!.querySelector('a[href^="https"]')!.getAttribute('target'),
      '_blank',
      'ordinary links still open outside',
    );
    const back = defs[0]!.querySelector('a[data-footnote-back]')!;
    equal(back.textContent, '↩');
    equal(back.getAttribute('aria-label'), 'Back to reference 1');
    ok(!root.textContent!.includes('[^'), 'no footnote syntax left as text');
  });

  it('streamed in 1-, 3- and 7-character chunks, the final DOM equals the one-shot render', () => {
    const expected = render(CORPUS.footnotes!).innerHTML;
    for (const size of [1, 3, 7]) {
      const container = document.createElement('div');
      const md = new IncrementalMarkdown(container, {
        highlight: false,
        labels: { copy: 'c', copyCode: 'c', table: 't', footnoteBack: 'Back to reference' },
      });
      for (const chunk of chunksOf(CORPUS.footnotes!, size)) {
        md.append(chunk);
        md.flush();
      }
      md.finish();
      equal(container.innerHTML, expected, `${size}-char chunks`);
    }
  });

  it('a reference jumps to its definition and the back link to the reference, within the same message', () => {
    const other = render('Other message[^1].\n\n[^1]: not this one');
    const root = render(CORPUS.footnotes!);
    ok(followFootnote(root.querySelector('a[data-footnote-ref="note"]')!));
    equal(document.activeElement, root.querySelector('[data-footnote-def="note"] a[data-footnote-back]'));
    ok(followFootnote(root.querySelector('[data-footnote-def="1"] a[data-footnote-back]')!));
    equal(document.activeElement, root.querySelector('a[data-footnote-ref="1"]'));
    ok(!other.contains(document.activeElement));
    ok(!followFootnote(root.querySelector('a[href^="https"]')!), 'other links are not footnotes');
  });

  it('model HTML cannot pose as a footnote link, and footnote text is sanitized', () => {
    const root = render(
      '<a href="#x" data-footnote-ref="1">fake</a>[^1]\n\n[^1]: <img src=x onerror=alert(1)> <script>alert(1)</script>**ok**',
    );
    const fake = Array.from(root.querySelectorAll('a')).find((a) => a.textContent === 'fake')!;
    ok(!fake.hasAttribute('data-footnote-ref'), 'data-* dropped from model HTML');
    equal(fake.getAttribute('target'), '_blank');
    equal(root.querySelectorAll('script').length, 0);
    ok(!root.querySelector('[onerror]'), 'no handlers');
    ok(root.querySelector('.footnote strong'));
  });

  it('a label with markup characters stays text', () => {
    const root = render('x[^<b>]\n\n[^<b>]: y');
    equal(root.querySelectorAll('b').length, 0);
    equal(root.querySelector('a[data-footnote-ref]')!.textContent, '<b>');
  });
});
