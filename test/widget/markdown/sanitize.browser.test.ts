// DOMPurify configuration, in real Chromium: what model output may and may not put in the DOM.
import { ok, equal, notIncludes, includes } from '../_support/assert.js';
import { sanitizeToFragment } from '../../../src/widget/markdown/sanitize.js';
import { renderMarkdown } from '../../../src/widget/markdown/index.js';

function html(fragment: DocumentFragment): string {
  const div = document.createElement('div');
  div.append(fragment);
  return div.innerHTML;
}
const clean = (input: string) => html(sanitizeToFragment(input));
const md = (input: string) => html(renderMarkdown(input, { highlight: false }));

describe('sanitize', () => {
  it('returns a DocumentFragment whose nodes can be inserted here', () => {
    const f = sanitizeToFragment('<p>x</p>');
    ok(f instanceof DocumentFragment);
    const host = document.createElement('div');
    document.body.append(host);
    host.append(f);
    equal(host.firstElementChild!.ownerDocument, document);
    equal(host.innerHTML, '<p>x</p>');
    host.remove();
  });

  it('links open in a new tab without an opener or referrer', () => {
    const out = clean('<a href="https://example.com">x</a>');
    includes(out, 'target="_blank"');
    includes(out, 'rel="noopener noreferrer"');
    const viaMarkdown = md('[x](https://example.com) and <https://example.org>');
    equal((viaMarkdown.match(/rel="noopener noreferrer"/g) ?? []).length, 2);
    // A target on an anchor without href (or on anything else) is dropped.
    equal(clean('<a target="_top">x</a>'), '<a>x</a>');
  });

  it('removes javascript:, vbscript: and obfuscated variants', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'vbscript:msgbox(1)',
      '&#106;avascript:alert(1)',
    ]) {
      const out = clean(`<a href="${href}">x</a>`);
      notIncludes(out.toLowerCase(), 'script:', `href ${href} → ${out}`);
      notIncludes(out, 'href', `href ${href} → ${out}`);
    }
    notIncludes(md('[x](javascript:alert(1))'), 'javascript');
  });

  it('allows data:image only as an img src', () => {
    includes(clean('<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">'), 'src="data:image/png');
    notIncludes(clean('<a href="data:text/html,<script>alert(1)</script>">x</a>'), 'data:');
    notIncludes(clean('<a href="data:image/png;base64,AAAA">x</a>'), 'data:');
    notIncludes(clean('<img src="data:text/html;base64,AAAA">'), 'data:');
    notIncludes(md('![x](data:text/html,hi)'), 'data:');
  });

  it('drops scripts, styles, forms, inputs, frames, objects, embeds, meta, base, link, svg', () => {
    const out = clean(
      '<script>alert(1)</script><style>*{}</style><form action="/x"><input name="q"><textarea></textarea><button>b</button></form>' +
        '<iframe src="https://e.com"></iframe><object data="x"></object><embed src="x"><meta http-equiv="refresh" content="0">' +
        '<base href="https://evil.com/"><link rel="stylesheet" href="x"><svg><script>alert(1)</script></svg><video src="x"></video>',
    );
    for (const tag of [
      '<script',
      '<style',
      '<form',
      '<input',
      '<textarea',
      '<iframe',
      '<object',
      '<embed',
      '<meta',
      '<base',
      '<link',
      '<svg',
      '<video',
    ]) {
      notIncludes(out, tag);
    }
  });

  it('drops on* handlers, style, id and name (no DOM clobbering)', () => {
    const out = clean(
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="alert(1)" id="cookie" name="body" style="position:fixed"><p onclick="x()" id="a">t</p>',
    );
    for (const attr of ['onerror', 'onclick', 'id=', 'name=', 'style=']) notIncludes(out, attr);
  });

  it('keeps ordinary formatting', () => {
    equal(
      clean('<p><b>b</b> <em>e</em> <code>c</code> <kbd>k</kbd> <sub>1</sub></p>'),
      '<p><b>b</b> <em>e</em> <code>c</code> <kbd>k</kbd> <sub>1</sub></p>',
    );
  });

  it('registers its hooks once, however often it runs', () => {
    for (let i = 0; i < 50; i++) clean('<a href="https://e.com">x</a>');
    // One hook run → one rel value (stacked hooks would still set the same value, so also count targets).
    equal(
      clean('<a href="https://e.com">x</a>'),
      '<a href="https://e.com" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });

  it("model HTML cannot borrow the widget's class names; the renderer's own classes stay", () => {
    equal(clean('<div class="composer">x</div>'), '<div>x</div>');
    equal(clean('<button class="send error retry">Send</button>'), '<button>Send</button>');
    // Model HTML keeps no class at all, not even highlight.js's; highlight.js's own output keeps its names.
    equal(clean('<span class="hljs-keyword notice">k</span>'), '<span>k</span>');
    equal(
      sanitizeToFragment('<span class="hljs-title function_ notice">f</span>', { highlighted: true }).firstElementChild!
        .className,
      'hljs-title function_',
    );
    // Nor data-*, nor the renderer's mark with a guessed value.
    equal(
      clean('<button class="code-copy" data-copy="x" data-lang="js" data-gc-own="0 copy">c</button>'),
      '<button>c</button>',
    );
    // Markdown output keeps its own structure classes.
    const out = md('```js\nlet a;\n```\n\n| a |\n|---|\n| b |\n\n- [x] done');
    for (const name of [
      'code-block',
      'code-header',
      'code-lang',
      'code-copy',
      'language-js',
      'table-scroll',
      'task-box',
    ])
      includes(out, name);
  });

  it('a remote image becomes a placeholder before it can load; data: pixels stay', () => {
    const f = sanitizeToFragment(
      '<p><img src="https://tracker.example/p.png?q=secret" alt="chart"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>',
    );
    const button = f.querySelector('button.image-load')!;
    equal(button.textContent, 'Load image from tracker.examplechart');
    equal(button.getAttribute('title'), 'https://tracker.example/p.png?q=secret');
    equal(f.querySelectorAll('img').length, 1);
    equal(f.querySelector('img')!.getAttribute('referrerpolicy'), 'no-referrer');
    notIncludes(html(f), 'src="https');
  });
});
