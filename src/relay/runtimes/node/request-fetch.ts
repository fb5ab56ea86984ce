// A fetch-shaped function over undici's dispatcher.request(): the relay asks for a web Response (so its request
// path stays runtime-neutral), but undici's full fetch() runs the whole WHATWG pipeline (its own body stream,
// redirect and CORS machinery), which costs per event and per request. The relay needs none of it:
//   - no redirects are followed (an upstream API redirecting a POST is an error worth seeing, not following);
//   - no automatic decompression request (the relay asks for identity); a compressed answer is still decoded;
//   - network errors reject like fetch's (TypeError "fetch failed" with the cause), aborts with the signal's
//     reason (AbortError / TimeoutError), so callers cannot tell the difference.
// The Response also carries the relay's fast path (../../fast-path.ts), so the relay can take undici's body chunks
// directly instead of through a web ReadableStream (a promise and a queue per chunk less); other readers see a
// normal body.
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { attachFastPath, attachFetchFastPath, type AbortHandle } from '../../fast-path.js';
import { headerValue, LazyHeadersResponse } from './lazy-headers.js';
import { readableChunkSource } from './readable-source.js';

type FetchInput = string | URL | Request;

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  if (init instanceof Headers) {
    init.forEach((value, name) => (out[name] = value));
  } else if (Array.isArray(init)) {
    for (const [name, value] of init) out[name!.toLowerCase()] = value!;
  } else {
    for (const name in init) out[name.toLowerCase()] = (init as Record<string, string>)[name]!;
  }
  return out;
}

/** Name/value pairs, for the Response's own Headers (a Headers passed as init would be copied). */
function responseHeaders(raw: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
    else pairs.push([name, value]);
  }
  return pairs;
}

/**
 * A web ReadableStream over a Node readable with backpressure: nothing is read until the first pull (so the
 * relay's direct source, readable-source.ts, can claim the readable instead), chunks are enqueued as they arrive,
 * the source pauses while the consumer has one unread, and cancelling destroys the source (undici then aborts the
 * request and closes the upstream socket).
 */
function toWebStream(source: Readable, claim: () => boolean): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (started) {
          source.resume();
          return;
        }
        if (!claim()) return;
        started = true;
        source.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.once('end', () => controller.close());
        // `on`, not `once`: a destroyed body can emit a second error, which must not become an unhandled one.
        source.on('error', (error) => {
          try {
            controller.error(error);
          } catch {
            // already closed or cancelled
          }
        });
      },
      cancel() {
        source.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A Response whose web body stream is only built when something asks for it (body, text(), clone(), …), and its
 * Headers likewise (lazy-headers.ts). The relay reads the body through its fast path, and building a
 * ReadableStream is costly on every request's way to its first byte (most of it marking the stream
 * transferable). Other readers see a normal body and headers.
 */
class LazyBodyResponse extends LazyHeadersResponse {
  #makeStream: () => ReadableStream<Uint8Array>;
  #full: Response | null = null;

  constructor(makeStream: () => ReadableStream<Uint8Array>, status: number, headers: [string, string][]) {
    super(status, headers);
    this.#makeStream = makeStream;
  }

  /** The same response with its real body, built once. */
  materialized(): Response {
    return (this.#full ??= new Response(this.#makeStream(), {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    }));
  }

  isMaterialized(): boolean {
    return this.#full !== null;
  }
}

// Accessors on the prototype (TypeScript will not let a subclass redeclare Response's `body` property as one).
for (const name of ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text', 'clone'] as const) {
  if (!(name in Response.prototype)) continue; // bytes() is newer than Node 20
  Object.defineProperty(LazyBodyResponse.prototype, name, {
    value(this: LazyBodyResponse) {
      const full = this.materialized() as unknown as Record<string, () => unknown>;
      return full[name]!();
    },
    writable: true,
    configurable: true,
  });
}
Object.defineProperty(LazyBodyResponse.prototype, 'body', {
  get(this: LazyBodyResponse) {
    return this.materialized().body;
  },
  configurable: true,
});
Object.defineProperty(LazyBodyResponse.prototype, 'bodyUsed', {
  get(this: LazyBodyResponse) {
    return this.isMaterialized() && this.materialized().bodyUsed;
  },
  configurable: true,
});

function decoded(body: Readable, encoding: string | undefined): Readable {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return body.pipe(createGunzip());
    case 'deflate':
      return body.pipe(createInflate());
    case 'br':
      return body.pipe(createBrotliDecompress());
    default:
      return body;
  }
}

function abortReason(signal: AbortSignal | AbortHandle): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export function createRequestFetch(dispatcher: Dispatcher): typeof globalThis.fetch {
  // The relay calls one URL over and over: parse it (and read the parts undici wants) once.
  let lastHref = '';
  let last: { origin: string; path: string } | null = null;
  const parse = (href: string): { origin: string; path: string } => {
    if (href !== lastHref || !last) {
      const url = new URL(href);
      last = { origin: url.origin, path: url.pathname + url.search };
      lastHref = href;
    }
    return last;
  };
  const requestFetch = function requestFetch(input: FetchInput, init?: RequestInit): Promise<Response> {
    if (typeof input === 'string' || input instanceof URL) {
      return send(parse(String(input)), init?.method, init?.headers, init?.body, init?.signal ?? undefined);
    }
    return send(
      parse(input.url),
      init?.method ?? input.method,
      init?.headers ?? input.headers,
      init?.body ?? input.body,
      init?.signal ?? input.signal,
    );
  } as typeof globalThis.fetch;
  // The relay's own calls pass a plain abort handle, which undici's request() takes as its signal as it is.
  return attachFetchFastPath(requestFetch, (input, init, abort) =>
    send(parse(input), init.method, init.headers, init.body, abort),
  );

  async function send(
    url: { origin: string; path: string },
    rawMethod: string | undefined,
    headers: HeadersInit | undefined,
    body: BodyInit | null | undefined,
    signal: AbortSignal | AbortHandle | undefined,
  ): Promise<Response> {
    const method = (rawMethod ?? 'GET').toUpperCase();
    if (signal?.aborted) throw abortReason(signal);

    let requestBody: string | Uint8Array | Readable | null = null;
    if (typeof body === 'string' || body instanceof Uint8Array) requestBody = body;
    else if (body instanceof ArrayBuffer) requestBody = new Uint8Array(body);
    else if (body instanceof ReadableStream) requestBody = Readable.fromWeb(body as never);
    else if (body != null) requestBody = new Uint8Array(await new Response(body).arrayBuffer());

    let result: Dispatcher.ResponseData;
    try {
      result = await dispatcher.request({
        origin: url.origin,
        path: url.path,
        method: method as Dispatcher.HttpMethod,
        headers: headerRecord(headers),
        body: requestBody,
        // An AbortHandle has the EventEmitter shape undici accepts (once/removeListener, aborted, reason).
        signal: (signal ?? null) as AbortSignal | null,
      });
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      throw new TypeError('fetch failed', { cause: error });
    }

    const { statusCode, headers: raw, body: source } = result;
    const answerHeaders = responseHeaders(raw);
    if (NULL_BODY_STATUS.has(statusCode) || method === 'HEAD') {
      // Nothing (or nothing wanted) follows: drain it so the connection goes back to the pool.
      source.on('error', () => {});
      source.resume();
      return new Response(null, { status: statusCode, headers: answerHeaders });
    }
    const rawEncoding = raw['content-encoding'];
    const encoding = Array.isArray(rawEncoding) ? rawEncoding.join(', ') : rawEncoding;
    const stream = decoded(source, encoding);
    // One consumer only: the relay's direct source or the web stream, whichever asks first.
    let claimed = false;
    const claim = () => !claimed && (claimed = true);
    if (stream !== source) {
      // The body is decoded here: its encoding and length are no longer the upstream's.
      const kept = answerHeaders.filter(([name]) => name !== 'content-encoding' && name !== 'content-length');
      answerHeaders.splice(0, answerHeaders.length, ...kept);
      source.on('error', (error) => stream.destroy(error));
    }
    const response = new LazyBodyResponse(() => toWebStream(stream, claim), statusCode, answerHeaders);
    attachFastPath(response, {
      body: () => {
        if (!claim()) throw new TypeError('The response body is already being read.');
        return readableChunkSource(stream);
      },
      header: (name) =>
        response.unreadHeaders ? headerValue(response.unreadHeaders, name) : response.headers.get(name),
    });
    return response;
  }
}
