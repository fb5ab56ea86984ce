// streamChat against a real HTTP server on 127.0.0.1 that speaks each dialect and splits its bytes at odd
// places (inside UTF-8 characters, inside "\r\n", inside "data:").
//
// @microsoft/fetch-event-source is a browser library: it reads `window.setTimeout/clearTimeout` and calls
// `document.removeEventListener` on dispose even with openWhenHidden. Node has neither, so this file gives
// Node those two browser globals (nothing of the code under test is replaced; fetch is Node's real fetch).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatError, streamChat, type StreamChatOptions } from '../../../src/widget/stream/chat-stream.js';

const g = globalThis as Record<string, unknown>;
g.window ??= globalThis;
g.document ??= { hidden: false, addEventListener() {}, removeEventListener() {} };

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
const requests: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
const closed = new Set<string>();
let server: Server;
let base = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `text` as UTF-8 in slices of 1, 2, 3, 5, 7… bytes, so characters and lines are split. */
async function writeOddly(res: ServerResponse, text: string) {
  const bytes = Buffer.from(text, 'utf8');
  const sizes = [1, 2, 3, 5, 7, 11, 13, 4];
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = sizes[k++ % sizes.length]!;
    res.write(bytes.subarray(i, i + n));
    i += n;
    if (k % 5 === 0) await sleep(1);
  }
}

const sseHead = (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;

function route(path: string, handler: Handler) {
  routes.set(path, handler);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const part of req) body += part;
    const path = (req.url ?? '').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    requests.push({ url: path, headers: req.headers, body });
    res.on('close', () => closed.add(path));
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    await handler(req, res, body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

interface Collected {
  content: string;
  reasoning: string;
  usage: unknown[];
  finish: Array<string | null>;
  deltas: number;
}

function run(path: string, extra: Partial<StreamChatOptions> = {}): { done: Promise<void>; got: Collected } {
  const got: Collected = { content: '', reasoning: '', usage: [], finish: [], deltas: 0 };
  const done = streamChat({
    endpoint: base + path,
    body: { model: 'm', messages: [{ role: 'user', content: '你好' }] },
    signal: new AbortController().signal,
    onDelta: (d) => {
      got.deltas++;
      got.content += d.content ?? '';
      got.reasoning += d.reasoning ?? '';
    },
    onUsage: (u) => got.usage.push(u),
    onFinish: (r) => got.finish.push(r),
    ...extra,
  });
  return { done, got };
}

async function rejection(p: Promise<unknown>): Promise<ChatError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ChatError);
    return error as ChatError;
  }
  throw new Error('expected a rejection');
}

describe('streamChat', () => {
  it('streams every dialect feature, split at odd byte boundaries with CRLF lines', async () => {
    const usage = { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 };
    route('/full', async (_req, res) => {
      sseHead(res);
      const body = [
        ': OPENROUTER PROCESSING\n\n',
        `data: ${JSON.stringify({ choices: [], prompt_filter_results: [] })}\n\n`,
        chunk({ role: 'assistant', content: '' }),
        chunk({ reasoning_content: '先想一想…' }),
        chunk({ reasoning_content: ' done.' }),
        ': heartbeat\n\n',
        chunk({ content: '你好，' }),
        chunk({ content: '世界 🌏! ' }),
        chunk({ content: '**bold**' }, 'stop'),
        `data: ${JSON.stringify({ choices: [], usage })}\n\n`,
        'data: [DONE]\n\n',
      ]
        .join('')
        .replace(/\n/g, '\r\n');
      await writeOddly(res, body);
      res.end();
    });
    const { done, got } = run('/full', { accessToken: 'code-123' });
    await done;
    expect(got.reasoning).toBe('先想一想… done.');
    expect(got.content).toBe('你好，世界 🌏! **bold**');
    expect(got.usage).toEqual([usage]);
    expect(got.finish).toEqual(['stop']);
    const req = requests.find((r) => r.url === '/full')!;
    expect(req.headers.authorization).toBe('Bearer code-123');
    expect(req.headers.accept).toBe('text/event-stream');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toMatchObject({
      stream: true,
      model: 'm',
      messages: [{ role: 'user', content: '你好' }],
    });
  });

  it('reports finish_reason "length" (reply cut off)', async () => {
    route('/length', (_req, res) => {
      sseHead(res);
      res.end(chunk({ content: 'partial' }) + chunk({}, 'length') + 'data: [DONE]\n\n');
    });
    const { done, got } = run('/length');
    await done;
    expect(got.finish).toEqual(['length']);
    expect(got.content).toBe('partial');
  });

  it('a JSON error response becomes a classified ChatError, and is never retried', async () => {
    route('/401', (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: 'Access code required', type: 'invalid_request_error', code: 'access_token_required' },
        }),
      );
    });
    const err = await rejection(run('/401').done);
    expect(err).toMatchObject({
      kind: 'auth',
      status: 401,
      code: 'access_token_required',
      message: 'Access code required',
    });
    await sleep(1500); // fetch-event-source's default retry interval is 1 s
    expect(hits.get('/401')).toBe(1);
  });

  it.each([
    [403, 'forbidden'],
    [413, 'too-large'],
    [400, 'bad-request'],
    [404, 'bad-request'],
    [500, 'server'],
    [503, 'server'],
    [502, 'upstream'],
    [504, 'upstream'],
  ])('HTTP %i → %s', async (status, kind) => {
    route(`/status-${status}`, (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `failed ${status}`, type: 'x', code: null } }));
    });
    const err = await rejection(run(`/status-${status}`).done);
    expect(err).toMatchObject({ kind, status, message: `failed ${status}` });
  });

  it('429 carries the Retry-After time', async () => {
    route('/429', (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ error: { message: 'Too many requests', type: 'rate_limit', code: 'rate_limited' } }));
    });
    const err = await rejection(run('/429').done);
    expect(err).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterSeconds: 7, code: 'rate_limited' });
  });

  it('an HTML error page shows its status, not its markup', async () => {
    route('/html-502', (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const err = await rejection(run('/html-502').done);
    expect(err).toMatchObject({ kind: 'upstream', status: 502, message: 'HTTP 502' });
  });

  it('an in-stream error object rejects after the deltas before it were delivered', async () => {
    route('/in-stream-error', async (_req, res) => {
      sseHead(res);
      await writeOddly(
        res,
        chunk({ content: 'Half an ans' }) +
          `data: ${JSON.stringify({ error: { message: 'Upstream overloaded', type: 'server_error', code: 'overloaded' } })}\n\n`,
      );
      res.end();
    });
    const { done, got } = run('/in-stream-error');
    const err = await rejection(done);
    expect(err).toMatchObject({ kind: 'upstream', code: 'overloaded', message: 'Upstream overloaded' });
    expect(got.content).toBe('Half an ans');
    expect(got.finish).toEqual([]);
    expect(hits.get('/in-stream-error')).toBe(1);
  });

  it('an `event: error` event is an error', async () => {
    route('/event-error', (_req, res) => {
      sseHead(res);
      res.end(`event: error\ndata: ${JSON.stringify({ message: 'boom', code: 'x' })}\n\n`);
    });
    expect(await rejection(run('/event-error').done)).toMatchObject({ kind: 'upstream', message: 'boom' });
  });

  it('a stream that ends without [DONE] or finish_reason is reported as cut short (and not retried)', async () => {
    route('/cut', (_req, res) => {
      sseHead(res);
      res.end(chunk({ content: 'partial' }));
    });
    const { done, got } = run('/cut');
    const err = await rejection(done);
    expect(err).toMatchObject({ kind: 'network', code: 'stream_interrupted' });
    expect(got.content).toBe('partial');
    await sleep(1500);
    expect(hits.get('/cut')).toBe(1);
  });

  it('resolves at [DONE] even when the server keeps the connection open', async () => {
    route('/open-after-done', (_req, res) => {
      sseHead(res);
      res.write(chunk({ content: 'ok' }, 'stop') + 'data: [DONE]\n\n');
      // never ends
    });
    const { done, got } = run('/open-after-done');
    await done;
    expect(got.finish).toEqual(['stop']);
    await expect.poll(() => closed.has('/open-after-done'), { timeout: 5000 }).toBe(true);
  });

  it('abort stops the request, keeps what arrived, and rejects with kind "aborted"', async () => {
    route('/slow', async (_req, res) => {
      sseHead(res);
      for (let i = 0; i < 200 && !res.destroyed; i++) {
        res.write(chunk({ content: `${i} ` }));
        await sleep(20);
      }
      res.end();
    });
    const controller = new AbortController();
    const { done, got } = run('/slow', { signal: controller.signal });
    await expect.poll(() => got.deltas, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    controller.abort();
    const err = await rejection(done);
    expect(err.kind).toBe('aborted');
    expect(got.content.startsWith('0 1 ')).toBe(true);
    expect(got.finish).toEqual([]);
    await expect.poll(() => closed.has('/slow'), { timeout: 5000 }).toBe(true);
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = requests.length;
    const err = await rejection(run('/full', { signal: controller.signal }).done);
    expect(err.kind).toBe('aborted');
    expect(requests.length).toBe(before);
  });

  it('an unreachable relay is a network error', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const err = await rejection(run('', { endpoint: `http://127.0.0.1:${port}/v1/chat/completions` }).done);
    expect(err).toMatchObject({ kind: 'network', code: 'relay_unreachable', status: null });
  });

  it('accepts a whole (non-streamed) JSON completion from a host that ignored stream:true', async () => {
    route('/whole', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'whole reply', reasoning_content: 'hmm' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
        }),
      );
    });
    const { done, got } = run('/whole');
    await done;
    expect(got).toMatchObject({ content: 'whole reply', reasoning: 'hmm', finish: ['stop'] });
    expect(got.usage).toHaveLength(1);
  });

  it('a 200 that is neither a stream nor a completion is an error, not a retry loop', async () => {
    route('/text', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    });
    const err = await rejection(run('/text').done);
    expect(err).toMatchObject({ kind: 'bad-request', status: 200, message: 'hello' });
    await sleep(1200);
    expect(hits.get('/text')).toBe(1);
  });
});

describe('ChatError.classify', () => {
  it('maps a fetch TypeError to network and an AbortError to aborted', () => {
    expect(ChatError.classify(new TypeError('Failed to fetch'))).toMatchObject({
      kind: 'network',
      code: 'relay_unreachable',
    });
    expect(ChatError.classify(new DOMException('The user aborted a request.', 'AbortError'))).toMatchObject({
      kind: 'aborted',
    });
    const e = new ChatError('x', { kind: 'auth', status: 401 });
    expect(ChatError.classify(e)).toBe(e);
  });
});
