// Replies used by the streaming tests (node and browser): each one exercises block kinds that span blank
// lines, inline spans that cross chunk boundaries, CJK text, raw HTML and links.
export const CORPUS: Record<string, string> = {
  paragraphs: 'Hello **world**, this is *streaming*.\n\nSecond paragraph with `code` and ~~old~~ text.\n\nThird.',
  fences:
    'Here is code:\n\n```js\nconst a = 1;\n\nfunction f() {\n  return `x`;\n}\n```\n\nAnd python:\n\n```python\ndef g():\n    pass\n```\n\nDone.',
  lists:
    '1. First item\n\n2. Second item\n   - nested a\n   - nested b\n\n     continued paragraph\n\n3. Third\n\nAfter list.\n\n- [x] done task\n- [ ] open task\n',
  table:
    'A table:\n\n| Name | 数量 | Note |\n|------|-----:|:----:|\n| 苹果 | 3 | **fresh** |\n| Banana | 12 | `code` |\n| 橘子 | 7 | [link](https://example.com) |\n\nText after.',
  cjk: '# 标题\n\n你好，世界！这是一个**测试**。中文段落，包含`代码`和[链接](https://example.com/路径)。\n\n> 引用：学而时习之，不亦说乎？\n\n第二段落。',
  html: 'Some <b>inline html</b> here.\n\n<details>\n<summary>More</summary>\n\nHidden *markdown* inside.\n\n</details>\n\nAfter <i>details</i>.',
  links:
    'See [the docs](https://example.com/docs "Docs") and <https://example.org>, or https://bare.example.net/path.\n\n![img](data:image/png;base64,iVBORw0KGgo=)\n\n[bad](javascript:alert(1)) [worse](data:text/html,<script>alert(1)</script>)',
  headings:
    '# One\n\nIntro\n\n## Two\nText right after heading\n\nSetext\n======\n\n---\n\n### Three\n\n> quote line one\ncontinued lazily\n\n> second quote',
  mixed:
    'Steps:\n\n1. Install:\n\n   ```bash\n   npm install gpt-chat\n   ```\n\n2. Use it:\n\n   ```html\n   <gpt-chat endpoint="/v1/chat/completions"></gpt-chat>\n   ```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nDone — 完成。',
  unclosed: 'Start **bold and *em* and `code\n\n```ts\nlet x: number = 1;\nconsole.log(x);',
  refs: 'Use [the guide][g] and [it][g].\n\nMore text.\n\n[g]: https://example.com/guide',
  nested:
    '> Quote with code:\n>\n> ```py\n> print("hi")\n> ```\n>\n> - item in quote\n> - another\n\n1) paren list\n2) second\n\n   indented para\n\n    indented code block\n\n    still code\n\nEnd _underscored_ and __strong__ text.',
  comments:
    'Before <!-- a comment\n\nspanning blank lines --> after.\n\n<div align="center">\n\n**centered**\n\n</div>\n\nTail <br> line<br/>two.',
  longlist: Array.from(
    { length: 12 },
    (_, i) => `${i + 1}. **Point ${i + 1}** — 说明第${i + 1}点。\n\n   Details for point ${i + 1}, with \`code\`.\n`,
  ).join('\n'),
  crlf: 'Line one\r\nLine two\r\n\r\n- a\r\n- b\r\n\r\n```\r\ncode\r\n```\r\n',
  footnotes:
    'Water boils at 100 °C[^1] at sea level[^note], less on a mountain[^1].\n\n| Left | Center | Right |\n|:--|:-:|--:|\n' +
    '| a | b | c |\n\n> first line\n> second line\n\n[^1]: At 1 atm, *standard* pressure.\n' +
    '[^note]: Where [the pressure](https://example.com/p) is about\n  101.3 kPa.\n',
};

/** Splits text into chunks of `size` characters (code units; may split surrogate pairs like a stream can't). */
export function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Deterministic "odd" splits: sizes 1, 2, 3, 5, 8, 13, 1, 2, … */
export function oddChunks(text: string): string[] {
  const sizes = [1, 2, 3, 5, 8, 13, 21, 4, 7];
  const out: string[] = [];
  let i = 0;
  let k = 0;
  while (i < text.length) {
    const n = sizes[k++ % sizes.length]!;
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}
