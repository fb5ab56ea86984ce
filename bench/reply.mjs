// The Markdown the render and chat benchmarks stream and show (bench/render.mjs, bench/chat.mjs).

/** A deterministic, realistic reply: headings, prose (English + Chinese), lists, code, tables, quotes. */
export function makeReply(bytes) {
  const parts = [];
  let n = 0;
  const size = () => Buffer.byteLength(parts.join(''), 'utf8');
  while (size() < bytes) {
    const i = n++;
    switch (i % 8) {
      case 0:
        parts.push(`## Section ${i}: streaming and rendering\n\n`);
        break;
      case 1:
        parts.push(
          `This paragraph explains **incremental rendering** with \`inline code\`, *emphasis*, ~~old text~~ and a [link](https://example.com/docs/${i}). ` +
            `Finished blocks are rendered once; only the growing tail is re-rendered on each frame, so the cost per chunk stays flat.\n\n`,
        );
        break;
      case 2:
        parts.push(
          `流式渲染时，已经完成的段落只渲染一次，只有最后一个正在增长的段落会在每一帧重新渲染。这样每个分片的开销与回复总长度无关。第 ${i} 段。\n\n`,
        );
        break;
      case 3:
        parts.push(
          `- item one with **bold**\n- item two with \`code\`\n  - nested item ${i}\n- [x] done task\n- [ ] open task\n\n`,
        );
        break;
      case 4:
        parts.push(
          '```ts\n' +
            `export function handler${i}(request: Request): Response {\n  const url = new URL(request.url);\n  if (!url.pathname.startsWith('/v1/')) return new Response('not found', { status: 404 });\n  return new Response(JSON.stringify({ ok: true, n: ${i} }), { headers: { 'content-type': 'application/json' } });\n}\n` +
            '```\n\n',
        );
        break;
      case 5:
        parts.push(
          `| name | value | 说明 |\n| --- | ---: | --- |\n| alpha | ${i} | 第一行 |\n| beta | ${i * 2} | 第二行 |\n| gamma | ${i * 3} | 第三行 |\n\n`,
        );
        break;
      case 6:
        parts.push(`> A quoted remark ${i}: keep the hot path O(new bytes).\n> 引用：保持热路径与新增字节成正比。\n\n`);
        break;
      default:
        parts.push(
          `1. First step ${i}\n2. Second step with a [reference](https://example.org/${i})\n3. Third step 第三步\n\n`,
        );
    }
  }
  let text = parts.join('');
  while (Buffer.byteLength(text, 'utf8') > bytes) text = text.slice(0, -1);
  return text;
}
