// marked → DOMPurify output shape: code blocks, tables, task lists, GFM.
import { ok, equal, includes, notIncludes } from '../_support/assert.js';
import { renderMarkdown, renderMarkdownSettled } from '../../../src/widget/markdown/index.js';
import { loadLanguage, resolveLanguage, SUPPORTED_LANGUAGES } from '../../../src/widget/markdown/highlight.js';

function mount(fragment: DocumentFragment): HTMLElement {
  const div = document.createElement('div');
  div.append(fragment);
  return div;
}

describe('renderMarkdown', () => {
  it('renders a code block with its language label and a labelled copy button', () => {
    const root = mount(
      renderMarkdown('```ts\nconst a: number = 1;\n```', {
        highlight: false,
        labels: { copyCode: '复制代码', copy: '复制', table: '表格' },
      }),
    );
    const block = root.querySelector('.code-block')!;
    ok(block, 'wrapper');
    equal(block.querySelector('.code-lang')!.textContent, 'TypeScript');
    const button = block.querySelector('button[data-copy]')!;
    equal(button.getAttribute('aria-label'), '复制代码');
    equal(button.getAttribute('type'), 'button');
    const code = block.querySelector('pre code')!;
    equal(code.getAttribute('data-lang'), 'ts');
    equal(code.textContent, 'const a: number = 1;\n');
  });

  it('escapes code and keeps an unsafe language word out of attributes', () => {
    const root = mount(renderMarkdown('```"><img src=x onerror=alert(1)>\n<b>not bold</b>\n```', { highlight: false }));
    equal(root.querySelectorAll('img').length, 0);
    equal(root.querySelector('code')!.textContent, '<b>not bold</b>\n');
  });

  it('wraps tables in a keyboard-focusable scroll region', () => {
    const root = mount(renderMarkdown('| a | b |\n|---|--:|\n| 1 | 2 |', { highlight: false }));
    const wrap = root.querySelector('.table-scroll')!;
    ok(wrap?.querySelector('table'));
    equal(wrap.getAttribute('tabindex'), '0');
    equal(wrap.getAttribute('role'), 'region');
    ok(wrap.getAttribute('aria-label'));
  });

  it('keeps table alignment, list start numbers, link titles and image alt text', () => {
    const root = mount(
      renderMarkdown(
        '| l | r |\n|:--|--:|\n| 1 | 2 |\n\n3. three\n4. four\n\n[t](https://e.com "Title") ![alt text](data:image/gif;base64,R0lGODlhAQABAAAAACw=)',
        { highlight: false },
      ),
    );
    equal(root.querySelector('th')!.getAttribute('align'), 'left');
    equal(root.querySelectorAll('td')[1]!.getAttribute('align'), 'right');
    equal(root.querySelector('ol')!.getAttribute('start'), '3');
    equal(root.querySelector('a')!.getAttribute('title'), 'Title');
    equal(root.querySelector('img')!.getAttribute('alt'), 'alt text');
  });

  it('renders task lists without form inputs, and strikethrough', () => {
    const root = mount(renderMarkdown('- [x] done\n- [ ] todo\n\n~~gone~~', { highlight: false }));
    equal(root.querySelectorAll('input').length, 0);
    equal(root.querySelectorAll('.task-box').length, 2);
    equal(root.querySelector('.task-box')!.getAttribute('data-checked'), 'true');
    ok(root.querySelector('del'));
  });

  it('highlights known languages lazily, and leaves unknown ones plain', async () => {
    const { fragment, highlighted } = renderMarkdownSettled('```js\nconst x = 1;\n```\n\n```brainfuck\n+++\n```');
    const root = mount(fragment);
    await highlighted;
    const [js, bf] = Array.from(root.querySelectorAll('pre code'));
    ok(js!.classList.contains('hljs'), 'js highlighted');
    ok(js!.querySelector('.hljs-keyword'), 'keyword span');
    equal(js!.textContent, 'const x = 1;\n');
    ok(!bf!.classList.contains('hljs'));
    notIncludes(root.innerHTML, 'style=');
  });

  it('every shipped language chunk loads and registers', async () => {
    for (const lang of SUPPORTED_LANGUAGES) ok(await loadLanguage(lang), lang);
    equal(resolveLanguage('py'), 'python');
    equal(resolveLanguage('html'), 'xml');
    equal(resolveLanguage('c++'), 'cpp');
    equal(resolveLanguage('nope'), null);
  });

  it('CJK text and links', () => {
    const root = mount(renderMarkdown('你好，**世界**！[链接](https://example.com/路径)', { highlight: false }));
    equal(root.querySelector('strong')!.textContent, '世界');
    includes(root.querySelector('a')!.getAttribute('href')!, 'example.com');
  });
});
