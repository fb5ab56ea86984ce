// Serves the public XSS corpora (vendored in test/fixtures/xss, see its README) to browser tests, and
// streams any one payload as an OpenAI chat stream, from inside the @web/test-runner dev server:
//
//   GET  /xss/corpus                         → [{ source, title, payload }] (every payload of every corpus)
//   POST /xss/v1/chat/completions?id=N&mode=whole|chunk3
//        → payload N as one content delta ("whole") or as 3-character deltas ("chunk3"), then stop + [DONE]
//
// Payloads are streamed exactly as published (no rewriting of alert(1) and friends: the page traps those).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXTRA_PAYLOADS } from './extra-payloads.mjs';

const projectRoot = resolve(import.meta.dirname, '../../../..');
export const CORPORA_DIR = resolve(projectRoot, 'test/fixtures/xss');

/** markdown-it fixture format: title line, ".", input, ".", expected HTML, "." — we keep the input. */
function parseMarkdownItFixtures(text) {
  const lines = text.split('\n');
  const out = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    let title = 'untitled';
    if (lines[i] !== '.') title = lines[i++].trim();
    if (lines[i] !== '.') {
      i++;
      continue;
    }
    i++;
    const input = [];
    while (i < lines.length && lines[i] !== '.') input.push(lines[i++]);
    i++; // "."
    while (i < lines.length && lines[i] !== '.') i++; // expected HTML (markdown-it's, not ours)
    i++;
    out.push({ title, payload: input.join('\n') + '\n' });
  }
  return out;
}

const perLine = (text) =>
  text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .map((payload, n) => ({ title: `line ${n + 1}`, payload }));

let cached = null;

/** Every payload of every corpus, in a stable order. */
export function loadCorpus() {
  if (cached) return cached;
  const read = (name) => readFileSync(resolve(CORPORA_DIR, name), 'utf8');
  const dompurify = JSON.parse(read('dompurify-expect.json')).map((c) => ({ title: c.title, payload: c.payload }));
  cached = [
    ...dompurify.map((c) => ({ source: 'dompurify-expect.json', ...c })),
    ...parseMarkdownItFixtures(read('markdown-it-xss.txt')).map((c) => ({ source: 'markdown-it-xss.txt', ...c })),
    ...perLine(read('markdown-xss-payloads.txt')).map((c) => ({ source: 'markdown-xss-payloads.txt', ...c })),
    ...perLine(read('xss-polyglots.txt')).map((c) => ({ source: 'xss-polyglots.txt', ...c })),
    ...EXTRA_PAYLOADS.map((c) => ({ source: 'gpt-chat-extra', ...c })),
  ];
  return cached;
}

const event = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-xss', object: 'chat.completion.chunk', created: 1, model: 'fake', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** Splits into pieces of `size` code points (so a surrogate pair is never cut in half). */
export function chunkText(text, size) {
  const chars = Array.from(text);
  const out = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

async function drain(req) {
  for await (const _ of req);
}

/** Koa middleware for the dev server. */
export async function xssCorpus(ctx, next) {
  const url = new URL(ctx.url, 'http://127.0.0.1');
  if (!url.pathname.startsWith('/xss/')) return next();
  ctx.respond = false;
  const { req, res } = ctx;
  if (url.pathname === '/xss/corpus') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(loadCorpus()));
    return;
  }
  if (url.pathname !== '/xss/v1/chat/completions' || req.method !== 'POST') {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error', code: 'not_found' } }));
    return;
  }
  await drain(req);
  const id = Number(url.searchParams.get('id'));
  const item = loadCorpus()[id];
  if (!item) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `no payload ${id}`, type: 'invalid_request_error', code: 'bad_id' } }));
    return;
  }
  const pieces = url.searchParams.get('mode') === 'chunk3' ? chunkText(item.payload, 3) : [item.payload];
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(
    event({ role: 'assistant', content: '' }) +
      pieces.map((p) => event({ content: p })).join('') +
      event({}, 'stop') +
      'data: [DONE]\n\n',
  );
}
