// A fake OpenAI-compatible upstream on 127.0.0.1 (node:http). It records what it received and answers with a
// scripted Reply: bytes split at any boundary (inside a UTF-8 character too), stalls before/after headers, a cut
// socket, an error status with a JSON or HTML body, Retry-After. It also reports whether — and when — its client
// (the relay) went away before the answer was finished.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** Path + query as sent, e.g. /v1/chat/completions?api-version=x */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON (undefined when not JSON). */
  json: any;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Body pieces, each written (and flushed) separately. */
  chunks?: Array<string | Uint8Array>;
  /** A whole body, split into writes at these byte offsets (alternative to chunks). */
  body?: string | Uint8Array;
  splitAt?: number[];
  /** Delay between chunks. */
  delayMs?: number;
  /** Hold the reply after this many chunks until `release` resolves (a test decides when it goes on). */
  holdAfter?: number;
  release?: Promise<void>;
  /** Wait this long before sending headers (Infinity: never answer). */
  stallBeforeHeadersMs?: number;
  /** After headers are flushed, wait this long before the first chunk (Infinity: never send a byte). */
  stallAfterHeadersMs?: number;
  /** After the last chunk: 'end' (default), 'cut' (destroy the socket: no terminating chunk), 'hang' (keep open). */
  finish?: 'end' | 'cut' | 'hang';
}

export interface Exchange {
  received: Received;
  /** The client closed the connection before the reply was finished. */
  clientGone: boolean;
  goneAt: number | null;
  /** The reply was fully written and ended. */
  finished: boolean;
  /** Bytes of the reply body as written, in order (for byte-exact comparisons). */
  sent: Buffer;
}

export type ReplyFor = (received: Received, index: number) => Reply;

const encoder = new TextEncoder();

function toBytes(piece: string | Uint8Array): Uint8Array {
  return typeof piece === 'string' ? encoder.encode(piece) : piece;
}

/** Splits bytes at the given offsets (which may fall inside a multi-byte character). */
export function splitBytes(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const at of [...offsets].sort((a, b) => a - b)) {
    if (at <= from || at >= bytes.length) continue;
    out.push(bytes.subarray(from, at));
    from = at;
  }
  out.push(bytes.subarray(from));
  return out;
}

/** An OpenAI chat.completion.chunk SSE event. */
export function sseChunk(content: string, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}\n\n`;
}

export function sseUsage(prompt: number, completion: number): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } })}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

/** A typical streamed reply: role chunk, content pieces, finish chunk, usage chunk, [DONE]. */
export function sseReply(pieces: string[], usage = { prompt: 7, completion: pieces.length }): string[] {
  return [
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`,
    ...pieces.map((p) => sseChunk(p)),
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    sseUsage(usage.prompt, usage.completion),
    SSE_DONE,
  ];
}

/** A non-stream chat.completion body. */
export function completionJson(
  content: string,
  usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
): string {
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1,
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage,
  });
}

export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
export const JSON_HEADERS = { 'content-type': 'application/json' };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface FakeUpstream {
  /** Base URL ending in /v1. */
  url: string;
  origin: string;
  exchanges: Exchange[];
  /** Sets how the next requests are answered. */
  reply(replyFor: ReplyFor | Reply): void;
  /** Resolves with the exchange once `n` requests have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<Exchange[]>;
  /** Resolves when exchange `index`'s client has gone away; rejects after timeoutMs. */
  waitForClientGone(index: number, timeoutMs: number): Promise<Exchange>;
  close(): Promise<void>;
}

export async function startFakeUpstream(
  initial: ReplyFor | Reply = { chunks: sseReply(['Hello', ' world']), headers: SSE_HEADERS },
): Promise<FakeUpstream> {
  let replyFor: ReplyFor = typeof initial === 'function' ? initial : () => initial;
  const exchanges: Exchange[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(body).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
      const url = req.url ?? '/';
      const received: Received = {
        method: req.method ?? '',
        url,
        path: url.split('?')[0]!,
        headers: req.headers,
        rawBody,
        json,
      };
      const exchange: Exchange = { received, clientGone: false, goneAt: null, finished: false, sent: Buffer.alloc(0) };
      const index = exchanges.push(exchange) - 1;
      res.on('close', () => {
        if (!exchange.finished) {
          exchange.clientGone = true;
          exchange.goneAt = performance.now();
        }
        notify();
      });
      notify();
      void respond(res, exchange, replyFor(received, index));
    });
  });

  async function respond(res: ServerResponse, exchange: Exchange, reply: Reply): Promise<void> {
    const gone = () => res.destroyed || exchange.clientGone;
    if (reply.stallBeforeHeadersMs) {
      if (reply.stallBeforeHeadersMs === Infinity) return; // never answer; the client must give up
      await sleep(reply.stallBeforeHeadersMs);
      if (gone()) return;
    }
    res.writeHead(reply.status ?? 200, reply.headers ?? SSE_HEADERS);
    res.flushHeaders();
    if (reply.stallAfterHeadersMs) {
      if (reply.stallAfterHeadersMs === Infinity) return;
      await sleep(reply.stallAfterHeadersMs);
      if (gone()) return;
    }
    const pieces =
      reply.body !== undefined
        ? splitBytes(toBytes(reply.body), reply.splitAt ?? [])
        : (reply.chunks ?? []).map(toBytes);
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0 && reply.delayMs) await sleep(reply.delayMs);
      if (i === reply.holdAfter) await reply.release;
      if (gone()) return;
      exchange.sent = Buffer.concat([exchange.sent, pieces[i]!]);
      await new Promise<void>((resolve) => res.write(pieces[i]!, () => resolve()));
    }
    if (gone()) return;
    const finish = reply.finish ?? 'end';
    if (finish === 'cut') {
      // Give the written bytes a moment to leave, then kill the connection without the terminating chunk.
      await sleep(20);
      exchange.finished = true; // the cut is ours, not the client's
      res.socket?.destroy();
      return;
    }
    if (finish === 'hang') return;
    exchange.finished = true;
    res.end();
  }

  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = check();
      if (done !== undefined) return resolve(done);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`fake upstream: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(value);
      };
      waiters.add(waiter);
    });
  }

  return {
    url: `${origin}/v1`,
    origin,
    exchanges,
    reply(r) {
      replyFor = typeof r === 'function' ? r : () => r;
    },
    waitForRequests(n, timeoutMs = 10_000) {
      return waitFor(() => (exchanges.length >= n ? exchanges : undefined), timeoutMs, `${n} request(s)`);
    },
    waitForClientGone(index, timeoutMs) {
      return waitFor(
        () => (exchanges[index]?.clientGone ? exchanges[index] : undefined),
        timeoutMs,
        `client of exchange ${index} to go away`,
      );
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
