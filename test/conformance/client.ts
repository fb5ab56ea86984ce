// Small HTTP helpers for the cases: JSON posts with the access token, reading a streamed body as it arrives.
import { request as httpRequest } from 'node:http';
import { ACCESS_TOKEN } from './context.js';

/** How long a case waits for something the relay should send (far above normal; bounded so failures explain). */
export const WAIT_MS = 15_000;

/** Rejects with `what` when `promise` takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<T>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

// Random start: a relay started elsewhere (RELAY_URL) keeps its counters across runs of the suite.
let nextIp = Math.floor(Math.random() * 60_000);
/** A fresh client IP per call (sent as X-Forwarded-For), so one case's requests never hit another's rate limit. */
export function freshClientIp(): string {
  const n = nextIp++ % 62_500;
  return `10.77.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

export interface PostOptions {
  token?: string | null;
  headers?: Record<string, string>;
  ip?: string;
  signal?: AbortSignal;
}

export function chatBody(marker: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'gpt-test', messages: [{ role: 'user', content: marker }], ...extra };
}

export function post(baseUrl: string, path: string, body: unknown, options: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const token = options.token === undefined ? ACCESS_TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  headers['x-forwarded-for'] = options.ip ?? freshClientIp();
  return fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: options.signal,
  });
}

/**
 * POST for a body the relay refuses before reading it (413 from the declared Content-Length): a runtime may answer and
 * close while the body is still being sent (workerd and Bun do; the peer's reset can drop the answer), which fetch()
 * reports as "fetch failed". This sends the headers, waits a moment for the answer, and only then the body, in pieces.
 */
export function postRefusedEarly(baseUrl: string, path: string, body: string): Promise<Response> {
  const bytes = Buffer.from(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    authorization: `Bearer ${ACCESS_TOKEN}`,
    'x-forwarded-for': freshClientIp(),
  };
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(new URL(path, baseUrl), { method: 'POST', headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers))
          if (typeof value === 'string') responseHeaders.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: responseHeaders }));
        request.destroy();
      });
      res.on('error', reject);
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const PIECE = 64 * 1024;
    const send = (offset: number): void => {
      if (answered || request.destroyed) return;
      if (offset >= bytes.length) return void request.end();
      const more = request.write(bytes.subarray(offset, offset + PIECE));
      // A turn of the event loop between pieces lets an early answer be read first.
      if (more) setImmediate(() => send(offset + PIECE));
      else request.once('drain', () => send(offset + PIECE));
    };
    request.flushHeaders();
    setTimeout(() => send(0), 1_000);
  });
}

/** Reads a streamed body chunk by chunk; `until` waits for text to appear without sleeping. */
export class StreamReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  readonly bytes: Uint8Array[] = [];
  text = '';
  done = false;

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  private async readOne(): Promise<void> {
    const { value, done } = await this.reader.read();
    if (done) {
      this.done = true;
      return;
    }
    this.bytes.push(value);
    this.text += this.decoder.decode(value, { stream: true });
  }

  /**
   * Reads until `predicate` holds. Bounded (generously), so a relay that stops sending fails the case with what
   * it did send instead of a bare test timeout.
   */
  async until(predicate: (text: string) => boolean, what = 'the expected text', ms = WAIT_MS): Promise<string> {
    const deadline = Date.now() + ms;
    while (!predicate(this.text)) {
      if (this.done) throw new Error(`stream ended before ${what}; got:\n${this.text}`);
      const left = deadline - Date.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, left))),
      );
      const outcome = await Promise.race([this.readOne(), timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') throw new Error(`no ${what} within ${ms} ms; got:\n${this.text}`);
    }
    return this.text;
  }

  async toEnd(): Promise<Uint8Array> {
    await this.until(() => this.done, 'the end of the stream');
    const total = this.bytes.reduce((n, b) => n + b.length, 0);
    const all = new Uint8Array(total);
    let offset = 0;
    for (const b of this.bytes) {
      all.set(b, offset);
      offset += b.length;
    }
    return all;
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

/** Asserts an OpenAI-shaped error body and returns it. */
export async function errorBody(
  response: Response,
): Promise<{ error: { message: string; type: string; code: unknown } }> {
  const text = await response.text();
  const body = JSON.parse(text) as { error?: { message?: unknown; type?: unknown; code?: unknown } };
  if (
    !body.error ||
    typeof body.error.message !== 'string' ||
    typeof body.error.type !== 'string' ||
    !('code' in body.error)
  ) {
    throw new Error(`not an OpenAI-shaped error: ${text}`);
  }
  return body as { error: { message: string; type: string; code: unknown } };
}
