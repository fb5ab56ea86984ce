// A fake OpenAI-compatible chat endpoint served from inside the @web/test-runner dev server (Koa
// middleware), so browser tests stream over real HTTP from 127.0.0.1 with no other process.
//
//   POST /fake/v1/chat/completions?scenario=<name>&key=<test id>[&reply=<text>][&pause=0]
//        (pause=0: no 1 ms pause between the odd-sized writes, for long replies on a slow machine)
//   GET  /fake/last?key=<test id>   → { body, headers, count } of the last request with that key
//   GET  /fake/v1/models[?scenario=no-models]  → a model list with OpenRouter-style prices (404 for no-models)
//
// Every stream is cut into chunks at odd byte offsets (3, 5, 7 … bytes), which splits UTF-8 sequences of
// CJK characters and emoji, and SSE lines and events, across network writes.

const DEFAULT_REPLY = 'Hello 你好，世界！🌏 This is **bold** and `code`.\n\n- one\n- 二\n\n```js\nconst x = 1;\n```\n';

/** @type {Map<string, {body: any, headers: Record<string, string|string[]|undefined>, count: number}>} */
const recorded = new Map();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const chunk = (delta, finish = null, extra = {}) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'fake',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  })}\n\n`;

const usageChunk = (completion) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    choices: [],
    usage: { prompt_tokens: 11, completion_tokens: completion, total_tokens: 11 + completion },
  })}\n\n`;

/** Splits text into pieces of 1–4 characters (code points), so deltas are small and irregular. */
function pieces(text) {
  const chars = Array.from(text);
  const out = [];
  for (let i = 0, n = 1; i < chars.length; n = (n % 4) + 1) {
    out.push(chars.slice(i, i + n).join(''));
    i += n;
  }
  return out;
}

function events(scenario, reply, body) {
  const last = body?.messages?.at(-1);
  switch (scenario) {
    case 'azure':
      return [
        `data: ${JSON.stringify({ id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] })}\n\n`,
        chunk({ role: 'assistant', content: '' }),
        ...pieces(reply).map((p) => chunk({ content: p })),
        chunk({}, 'stop'),
        usageChunk(9),
        'data: [DONE]\n\n',
      ];
    case 'deepseek':
      return [
        chunk({ role: 'assistant', content: null, reasoning_content: '' }),
        ...pieces('Let me think about 这个问题 step by step.').map((p) =>
          chunk({ content: null, reasoning_content: p }),
        ),
        ...pieces(reply).map((p) => chunk({ content: p, reasoning_content: null })),
        chunk({ content: '' }, 'stop'),
        usageChunk(20),
        'data: [DONE]\n\n',
      ];
    case 'think':
      return [
        ...pieces(`<think>\nPondering 思考 carefully.\n</think>\n\n${reply}`).map((p) => chunk({ content: p })),
        chunk({}, 'stop'),
        'data: [DONE]\n\n',
      ];
    case 'comments':
      return [
        ': OPENROUTER PROCESSING\n\n',
        ...pieces(reply).flatMap((p, i) =>
          i % 3 === 0 ? [': ping\n\n', chunk({ content: p })] : [chunk({ content: p })],
        ),
        ': keep-alive\n\n',
        chunk({}, 'stop'),
        'data: [DONE]\n\n',
      ];
    case 'usage':
      // OpenRouter's shape: the usage chunk names the model and details the reasoning tokens.
      return [
        ...pieces(reply).map((p) => chunk({ content: p })),
        chunk({}, 'stop'),
        `data: ${JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion.chunk',
          model: 'fake/priced',
          choices: [],
          usage: {
            prompt_tokens: 1234,
            completion_tokens: 5678,
            total_tokens: 6912,
            completion_tokens_details: { reasoning_tokens: 4000 },
          },
        })}\n\n`,
        'data: [DONE]\n\n',
      ];
    case 'in-stream-error':
      return [
        ...pieces('Partial answer 部分').map((p) => chunk({ content: p })),
        `data: ${JSON.stringify({ error: { message: 'The upstream model is overloaded', type: 'server_error', code: 'overloaded' } })}\n\n`,
      ];
    case 'length':
      if (last?.role === 'assistant') {
        return [
          ...pieces(' and the rest 结束。').map((p) => chunk({ content: p })),
          chunk({}, 'stop'),
          'data: [DONE]\n\n',
        ];
      }
      return [
        ...pieces('The first part 第一部分').map((p) => chunk({ content: p })),
        chunk({}, 'length'),
        'data: [DONE]\n\n',
      ];
    default:
      return [
        chunk({ role: 'assistant', content: '' }),
        ...pieces(reply).map((p) => chunk({ content: p })),
        chunk({}, 'stop'),
        usageChunk(Array.from(reply).length),
        'data: [DONE]\n\n',
      ];
  }
}

async function readBody(req) {
  const parts = [];
  for await (const part of req) parts.push(part);
  const text = Buffer.concat(parts).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const errorBody = (message, type, code) => ({ error: { message, type, code } });

/** Writes `text` as UTF-8 in odd-sized byte slices with a pause between writes. */
async function writeOdd(res, text, state, pauseMs) {
  const bytes = Buffer.from(text, 'utf8');
  let i = 0;
  while (i < bytes.length) {
    const size = state.sizes[state.n++ % state.sizes.length];
    if (res.destroyed || res.writableEnded) return false;
    res.write(bytes.subarray(i, i + size));
    i += size;
    if (pauseMs) await sleep(pauseMs);
  }
  return true;
}

/** Koa middleware: answers /fake/* and passes everything else on. */
export async function fakeOpenAI(ctx, next) {
  const url = new URL(ctx.url, 'http://127.0.0.1');
  if (!url.pathname.startsWith('/fake/')) return next();
  ctx.respond = false;
  const { req, res } = ctx;
  const key = url.searchParams.get('key') ?? 'default';

  if (url.pathname === '/fake/last') {
    sendJson(res, 200, recorded.get(key) ?? null, { 'cache-control': 'no-store' });
    return;
  }
  if (url.pathname === '/fake/v1/models' && req.method === 'GET') {
    const models = recorded.get(`models:${key}`);
    recorded.set(`models:${key}`, { body: null, headers: req.headers, count: (models?.count ?? 0) + 1 });
    if (url.searchParams.get('scenario') === 'no-models') {
      sendJson(res, 404, errorBody('not found', 'invalid_request_error', 'not_found'));
      return;
    }
    sendJson(res, 200, {
      object: 'list',
      data: [
        { id: 'fake/priced', object: 'model', pricing: { prompt: '0.000001', completion: '0.000002' } },
        { id: 'fake/router', object: 'model', pricing: { prompt: '-1', completion: '-1' } },
        { id: 'fake/unpriced', object: 'model' },
      ],
    });
    return;
  }
  if (url.pathname !== '/fake/v1/chat/completions' || req.method !== 'POST') {
    sendJson(res, 404, errorBody('not found', 'invalid_request_error', 'not_found'));
    return;
  }

  const body = await readBody(req);
  const count = (recorded.get(key)?.count ?? 0) + 1;
  recorded.set(key, { body, headers: req.headers, count });
  const scenario = url.searchParams.get('scenario') ?? 'normal';
  const reply = url.searchParams.get('reply') ?? DEFAULT_REPLY;

  switch (scenario) {
    case '401':
      return sendJson(res, 401, errorBody('Missing access token', 'invalid_request_error', 'unauthorized'));
    case 'auth':
      if (req.headers.authorization !== 'Bearer open-sesame') {
        return sendJson(res, 401, errorBody('Invalid access token', 'invalid_request_error', 'invalid_access_token'));
      }
      break;
    case '403':
      return sendJson(res, 403, errorBody('Origin not allowed', 'permission_error', 'origin_not_allowed'));
    case '413':
      return sendJson(res, 413, errorBody('Request body too large', 'invalid_request_error', 'request_too_large'));
    case '429':
      return sendJson(res, 429, errorBody('Rate limit reached', 'rate_limit_error', 'rate_limited'), {
        'retry-after': '7',
      });
    case 'upstream-auth':
      // What the relay answers when the provider refuses the relay's own key (issue #13 part 3).
      return sendJson(
        res,
        502,
        errorBody(
          "The provider rejected this relay's API key; the relay's owner must fix it. Provider said (HTTP 401): Incorrect API key provided: [redacted]",
          'upstream_error',
          'upstream_auth_failed',
        ),
      );
    case 'quota':
      return sendJson(
        res,
        429,
        errorBody(
          'You exceeded your current quota, please check your plan and billing details.',
          'insufficient_quota',
          'insufficient_quota',
        ),
      );
    case 'rate-once':
      // Refused once with a short Retry-After, then answered: Retry must wait for the countdown, then work.
      if (count === 1) {
        const retryAfter = url.searchParams.get('retryAfter') ?? '2';
        return sendJson(
          res,
          429,
          errorBody('Rate limit reached for requests. Please try again in 2s.', 'requests', 'rate_limit_exceeded'),
          {
            'retry-after': retryAfter,
          },
        );
      }
      break;
    case 'no-images':
      // OpenAI's answer to an image part sent to a text-only model.
      return sendJson(
        res,
        400,
        errorBody(
          'Invalid content type. image_url is only supported by certain models.',
          'invalid_request_error',
          null,
        ),
      );
    case '500':
      return sendJson(res, 500, errorBody('Internal error', 'server_error', 'internal_error'));
    case '502-html':
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
      );
      return;
    case 'fail-once':
      if (count === 1) return sendJson(res, 500, errorBody('Temporary failure', 'server_error', 'internal_error'));
      break;
    case 'hang':
      // Headers never come: only an abort (Stop) ends it.
      req.on('close', () => res.destroy());
      return;
  }

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  const state = { n: 0, sizes: [3, 5, 7, 11, 13, 2, 17] };

  if (scenario === 'delayed-think') {
    // A slow reasoning model: nothing for `wait` ms, then reasoning for `think` ms, then the reply.
    const wait = Number(url.searchParams.get('wait') ?? 2500);
    const think = Number(url.searchParams.get('think') ?? 2500);
    await sleep(wait);
    const started = Date.now();
    for (let i = 0; Date.now() - started < think; i++) {
      if (res.destroyed) return;
      await writeOdd(res, chunk({ content: null, reasoning_content: i ? ` step ${i}` : 'Let me think.' }), state, 0);
      await sleep(100);
    }
    for (const event of events('normal', reply, body)) {
      if (!(await writeOdd(res, event, state, 0))) return;
    }
    res.end();
    return;
  }

  if (scenario === 'slow' || scenario === 'long') {
    // Many small events, slowly, until the client aborts: for Stop, Escape and scrolling tests.
    const total = scenario === 'long' ? 400 : 2000;
    let closed = false;
    req.on('close', () => (closed = true));
    res.on('close', () => (closed = true));
    for (let i = 0; i < total && !closed; i++) {
      const text = scenario === 'long' ? `Line ${i} 行\n\n` : i === 0 ? 'Streaming 慢慢来 ' : `w${i} `;
      if (!(await writeOdd(res, chunk({ content: text }), state, 0))) return;
      await sleep(scenario === 'long' ? 15 : 40);
    }
    if (!closed) res.end(chunk({}, 'stop') + 'data: [DONE]\n\n');
    return;
  }

  const pauseMs = url.searchParams.get('pause') === '0' ? 0 : 1;
  for (const event of events(scenario, reply, body)) {
    if (!(await writeOdd(res, event, state, pauseMs))) return;
  }
  res.end();
}
