// Streams one pathological input (redos-inputs.mjs) as an OpenAI chat stream in 500-character deltas:
//   POST /redos/v1/chat/completions?name=<key of REDOS_INPUTS>
import { REDOS_INPUTS } from './redos-inputs.mjs';
import { chunkText } from './corpus-server.mjs';

const event = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-redos', object: 'chat.completion.chunk', created: 1, model: 'fake', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

export async function redosInputs(ctx, next) {
  const url = new URL(ctx.url, 'http://127.0.0.1');
  if (!url.pathname.startsWith('/redos/')) return next();
  ctx.respond = false;
  const { req, res } = ctx;
  for await (const _ of req);
  if (url.pathname === '/redos/inputs') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(REDOS_INPUTS));
    return;
  }
  const text = REDOS_INPUTS[url.searchParams.get('name') ?? ''];
  if (text === undefined) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'no such input', type: 'invalid_request_error', code: 'not_found' } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const piece of chunkText(text, 500)) {
    if (res.destroyed) return;
    res.write(event({ content: piece }));
    await new Promise((r) => setTimeout(r, 5));
  }
  res.end(event({}, 'stop') + 'data: [DONE]\n\n');
}
