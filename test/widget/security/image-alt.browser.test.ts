// Every image a reply can contain has a text alternative: axe reports no image-alt (nor role-img-alt,
// svg-img-alt, input-image-alt, object-alt, area-alt) violation after every payload of the public XSS
// corpora (test/fixtures/xss) plus Markdown images is rendered, in each `images` mode, and after a
// click-to-load placeholder is loaded.
import { renderMarkdown, loadImage, type ImageMode } from '../../../src/widget/markdown/index.js';
import { equal, ok } from '../_support/assert.js';

interface Payload {
  source: string;
  title: string;
  payload: string;
}

interface AxeResult {
  violations: Array<{ id: string; nodes: Array<{ html?: string; target: unknown }> }>;
}

/** axe-core, loaded into the page (window.axe's type is declared by gpt-chat.a11y.browser.test.ts). */
const axe = () => (window as unknown as { axe: { run(c: Element, o?: object): Promise<AxeResult> } }).axe;

const RULES = ['image-alt', 'role-img-alt', 'svg-img-alt', 'input-image-alt', 'object-alt', 'area-alt'];
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
/** Markdown images as models write them: with and without alt text, each kind of source. */
const MARKDOWN = [
  `![a red dot](${PIXEL})`,
  `![](${PIXEL})`,
  '![chart](https://images.example.com/chart.png)',
  '![](https://images.example.com/no-alt.png)',
  `![](${location.origin}/same-origin.png)`,
  '![](javascript:alert(1))',
  '<img src="https://images.example.com/raw.png">',
  `<img src="${PIXEL}" alt="">`,
  '<img src="https://images.example.com/raw.png" role="img">',
  '[![](https://images.example.com/badge.svg)](https://example.com)',
];

async function loadAxe(): Promise<void> {
  if ((window as { axe?: unknown }).axe) return;
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core did not load'));
    document.head.append(script);
  });
}

async function imageViolations(root: Element): Promise<string> {
  const result = await axe().run(root, { runOnly: { type: 'rule', values: RULES }, resultTypes: ['violations'] });
  return result.violations
    .map((v) => `${v.id}: ${v.nodes.map((n) => (n.html ?? JSON.stringify(n.target)).slice(0, 160)).join('\n  ')}`)
    .join('\n');
}

/** A shadow root, as in the element (axe walks open shadow roots). */
function freshHost(): ShadowRoot {
  const host = document.createElement('div');
  document.body.append(host);
  return host.attachShadow({ mode: 'open' });
}

describe('images in replies always have a text alternative (axe image-alt)', () => {
  let corpus: Payload[] = [];
  before(async () => {
    await loadAxe();
    corpus = await (await fetch('/xss/corpus', { cache: 'no-store' })).json();
  });
  afterEach(() => document.body.replaceChildren());

  for (const mode of ['click', 'auto', 'none'] as ImageMode[]) {
    it(`no violation over the XSS corpora and Markdown images (images="${mode}")`, async () => {
      ok(corpus.length > 100, `corpus loaded (${corpus.length} payloads)`);
      const root = freshHost();
      const replies = [...corpus.map((c) => c.payload), ...MARKDOWN];
      for (const text of replies) {
        const reply = document.createElement('div');
        reply.className = 'md';
        reply.append(renderMarkdown(text, { images: mode, highlight: false }));
        root.append(reply);
      }
      const images = root.querySelectorAll('img').length;
      ok(mode === 'none' || images > 5, `images were rendered (${images})`);
      for (const img of root.querySelectorAll('img')) ok(img.hasAttribute('alt'), `alt on ${img.outerHTML}`);
      equal(await imageViolations(root.host), '', 'axe image violations');
    });
  }

  it('a click-to-load image keeps its alt once loaded, or gets an empty alt and a label naming its host', async () => {
    const root = freshHost();
    root.append(renderMarkdown('![chart](https://images.example.com/a.png) ![](https://images.example.com/b.png)'));
    for (const button of Array.from(root.querySelectorAll('button.image-load'))) ok(loadImage(button));
    const [named, unnamed] = Array.from(root.querySelectorAll('img'));
    equal(named?.getAttribute('alt'), 'chart');
    equal(unnamed?.getAttribute('alt'), '');
    ok(unnamed?.getAttribute('aria-label')?.includes('images.example.com'), 'label names the host');
    equal(await imageViolations(root.host), '', 'axe image violations');
  });

  it('control: axe does report an image without alt inside a shadow root', async () => {
    const root = freshHost();
    const img = document.createElement('img');
    img.src = PIXEL;
    root.append(img);
    ok((await imageViolations(root.host)).includes('image-alt'), 'image-alt reported');
  });
});
