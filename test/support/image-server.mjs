// Counts image requests for browser tests (Koa middleware in the @web/test-runner dev server), so a test can
// prove that model output made the browser fetch nothing:
//
//   GET /img/<key>/<name>      → a 1×1 PNG; the request (name, Referer) is recorded under <key>
//   GET /img-hits?key=<key>    → [{ name, referer }] in arrival order
//   POST /img-chat/v1/chat/completions?reply=<text>&size=<n>
//                              → <text> as an OpenAI stream of n-character deltas, at once (no pacing)
//
// Tests reach it cross-origin as http://localhost:<port>/img/… (the page is http://127.0.0.1:<port>).

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** @type {Map<string, Array<{ name: string, referer: string | null }>>} */
const hits = new Map();

const event = (delta, finish = null) => {
  const chunk = { object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] };
  return `data: ${JSON.stringify(chunk)}\n\n`;
};

function stream(ctx, url) {
  const chars = Array.from(url.searchParams.get('reply') ?? '');
  const size = Number(url.searchParams.get('size') ?? 3);
  let body = event({ role: 'assistant', content: '' });
  for (let i = 0; i < chars.length; i += size) body += event({ content: chars.slice(i, i + size).join('') });
  ctx.respond = false;
  ctx.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  ctx.res.end(body + event({}, 'stop') + 'data: [DONE]\n\n');
}

/** Koa middleware for the dev server. */
export async function imageCounter(ctx, next) {
  const url = new URL(ctx.url, 'http://127.0.0.1');
  if (url.pathname === '/img-chat/v1/chat/completions') {
    for await (const _ of ctx.req);
    return stream(ctx, url);
  }
  const match = /^\/img\/([\w-]+)\/(.+)$/.exec(url.pathname);
  if (url.pathname === '/img-hits') {
    ctx.respond = false;
    ctx.res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    ctx.res.end(JSON.stringify(hits.get(url.searchParams.get('key') ?? '') ?? []));
    return;
  }
  if (!match) return next();
  const [, key, name] = match;
  if (!hits.has(key)) hits.set(key, []);
  hits.get(key).push({ name, referer: ctx.get('referer') || null });
  ctx.respond = false;
  ctx.res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
  ctx.res.end(PNG);
}
