// The incremental renderer in real Chromium: streamed in 6-character chunks and at odd splits, its final DOM
// equals a one-shot render of the same text, and every finished code block is highlighted exactly once.
import { ok, equal, includes, notIncludes } from '../_support/assert.js';
import { IncrementalMarkdown } from '../../../src/widget/markdown/incremental.js';
import { renderMarkdown, renderMarkdownSettled } from '../../../src/widget/markdown/index.js';
import { highlightElement, loadLanguage, type Highlighter } from '../../../src/widget/markdown/highlight.js';
import { CORPUS, chunksOf, oddChunks } from '../_support/corpus.js';

function oneShotHtml(text: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(text, { highlight: false }));
  return div.innerHTML;
}

/** Streams chunks, flushing after each (as if each arrived in its own animation frame). */
function streamInto(chunks: string[], highlight: Highlighter | false = false, flushEvery = 1) {
  const container = document.createElement('div');
  const md = new IncrementalMarkdown(container, { highlight });
  chunks.forEach((chunk, i) => {
    md.append(chunk);
    if (i % flushEvery === 0) md.flush();
  });
  md.finish();
  return { container, md };
}

describe('IncrementalMarkdown', () => {
  for (const [name, text] of Object.entries(CORPUS)) {
    it(`${name}: final DOM equals the one-shot render (6-char chunks, odd splits, batched frames)`, () => {
      const expected = oneShotHtml(text);
      ok(expected.length > 0);
      for (const [how, chunks, every] of [
        ['6-char', chunksOf(text, 6), 1],
        ['odd', oddChunks(text), 1],
        ['1-char', chunksOf(text, 1), 1],
        ['6-char, flush every 3rd', chunksOf(text, 6), 3],
      ] as const) {
        const { container, md } = streamInto([...chunks], false, every);
        equal(container.innerHTML, expected, `${name} (${how})`);
        equal(md.text, text.replace(/\r\n?/g, '\n'));
      }
    });
  }

  it('random splits and random frame batching (seeded) always end equal to the one-shot render', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const all = Object.values(CORPUS);
    const texts = [...all, all.join('\n\n')];
    for (const text of texts) {
      const expected = oneShotHtml(text);
      for (let round = 0; round < 8; round++) {
        const container = document.createElement('div');
        const md = new IncrementalMarkdown(container, { highlight: false });
        for (let i = 0; i < text.length;) {
          const n = 1 + Math.floor(random() * 24);
          md.append(text.slice(i, i + n));
          i += n;
          if (random() < 0.6) md.flush();
        }
        md.finish();
        equal(container.innerHTML, expected, `seeded round ${round} of ${JSON.stringify(text.slice(0, 30))}`);
      }
    }
  });

  it('keeps finished blocks as the same DOM nodes while later text streams (no re-render)', () => {
    const container = document.createElement('div');
    const md = new IncrementalMarkdown(container, { highlight: false });
    md.append('First paragraph.\n\nSecond paragraph.\n\nThi');
    md.flush();
    const first = container.querySelector('p')!;
    equal(first.textContent, 'First paragraph.');
    for (const piece of chunksOf('rd paragraph grows and grows.\n\nFourth.', 4)) {
      md.append(piece);
      md.flush();
      equal(container.querySelector('p'), first, 'the first paragraph element is never replaced');
    }
    md.finish();
    equal(container.querySelector('p'), first);
  });

  it('shows repaired Markdown while streaming: open fence as code, open bold as bold, half link as text', () => {
    const container = document.createElement('div');
    const md = new IncrementalMarkdown(container, { highlight: false });
    md.append('Intro **bold');
    md.flush();
    equal(container.querySelector('strong')?.textContent, 'bold');
    md.append(' end**\n\nSee [docs](https://exa');
    md.flush();
    ok(!container.querySelector('a'), 'no link with a half-written href');
    includes(container.textContent!, 'See docs');
    md.append('mple.com)\n\n```js\nlet a = 1;');
    md.flush();
    equal(container.querySelector('pre code')?.textContent, 'let a = 1;\n');
    notIncludes(container.textContent!, '```');
    md.append('\n<div cla');
    md.flush();
    includes(container.querySelector('pre code')!.textContent!, '<div cla', 'inside a fence, a tag is code');
    md.append('\n```\n\nAfter <div cla');
    md.flush();
    notIncludes(container.innerHTML, 'cla"', 'a half-written tag outside code is hidden');
    notIncludes(container.lastElementChild!.textContent!, 'cla');
    md.finish();
    equal(container.innerHTML, oneShotHtml(md.text));
  });

  it('highlights each finished code block exactly once, and never the growing one', async () => {
    const text = CORPUS.fences! + '\n\n' + CORPUS.mixed!;
    const counts = new Map<string, number>();
    const counting: Highlighter = (code) => {
      const key = code.textContent!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return highlightElement(code);
    };
    const container = document.createElement('div');
    const md = new IncrementalMarkdown(container, { highlight: counting });
    let calls = 0;
    for (const piece of chunksOf(text, 6)) {
      md.append(piece);
      md.flush();
      calls = [...counts.values()].reduce((a, b) => a + b, 0);
      // A block in the growing tail is never passed to the highlighter.
      for (const key of counts.keys()) ok(md.text.includes(key.trimEnd()), 'only complete code is highlighted');
    }
    md.finish();
    await md.settled();
    const blocks = container.querySelectorAll('pre code');
    equal(blocks.length, 4);
    equal(counts.size, 4);
    for (const [code, n] of counts) equal(n, 1, `highlighted ${n}× : ${code}`);
    ok(calls <= 4);
    for (const code of Array.from(blocks)) ok(code.classList.contains('hljs'), code.textContent!);
    // The settled streamed DOM equals a settled one-shot render, highlighting included.
    const { fragment, highlighted } = renderMarkdownSettled(text);
    const reference = document.createElement('div');
    reference.append(fragment);
    await highlighted;
    equal(container.innerHTML, reference.innerHTML);
  });

  it('highlights a finished block in a task of its own, not in the frame task that rendered it', async () => {
    ok(await loadLanguage('js'), 'language chunk loads');
    const container = document.createElement('div');
    const md = new IncrementalMarkdown(container);
    md.append('```js\nconst a = 1;\n```\n\nmore\n\nand more');
    md.flush();
    const code = container.querySelector('code[data-lang]')!;
    ok(code, 'the finished block is rendered');
    // Drain this task's microtasks: with the language already loaded, only a new task may highlight it.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    ok(!code.classList.contains('hljs'), 'not highlighted within the rendering task');
    await md.settled();
    ok(code.classList.contains('hljs'), 'highlighted afterwards');
  });

  it('a late reference-link definition still gives the one-shot result at finish()', () => {
    const { container } = streamInto(chunksOf(CORPUS.refs!, 6));
    equal(container.querySelectorAll('a').length, 2);
    equal(container.innerHTML, oneShotHtml(CORPUS.refs!));
  });

  it('sanitizes the growing block too: a script in an unfinished block never reaches the DOM', () => {
    const container = document.createElement('div');
    const md = new IncrementalMarkdown(container, { highlight: false });
    const evil =
      'text <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__pwned=1"> and <a href="javascript:alert(1)">x</a> <script>window.__pwned=2</script>';
    for (const piece of chunksOf(evil, 3)) {
      md.append(piece);
      md.flush();
      notIncludes(container.innerHTML, 'onerror');
      notIncludes(container.innerHTML, 'javascript:');
      notIncludes(container.innerHTML, '<script');
    }
    md.finish();
    equal((window as unknown as { __pwned?: number }).__pwned, undefined);
  });

  it('setText() renders history one-shot and clear() empties the container', () => {
    const container = document.createElement('div');
    const md = new IncrementalMarkdown(container, { highlight: false });
    md.setText(CORPUS.table!);
    equal(container.innerHTML, oneShotHtml(CORPUS.table!));
    md.setText('# Other');
    equal(container.innerHTML, oneShotHtml('# Other'));
    md.clear();
    equal(container.innerHTML, '');
    equal(md.text, '');
  });

  it('flush() without new text does nothing', () => {
    const container = document.createElement('div');
    const md = new IncrementalMarkdown(container, { highlight: false });
    md.append('Hello *wor');
    md.flush();
    const node = container.firstChild;
    md.flush();
    equal(container.firstChild, node);
  });
});
