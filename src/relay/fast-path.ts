// The one seam between the relay and a server that can do better than the web-standard path. A server adapter
// (serveNode) puts a RequestFastPath on each request as `request.runtime.relay` (srvx's documented
// `request.runtime` escape hatch, which also holds `runtime.node = { req, res }`); a fetch that can hand over a
// body without a web stream (the Node upstream fetch) puts a BodyFastPath on its Response the same way.
// Everything here is optional: without it the relay uses request.signal, request.body and a web-stream response,
// which is what Workers, Deno and Bun get.
import type { ChunkSource } from './exchange/chunk-source.js';

/** Where a direct consumer wants the bytes. `write` returns false when the consumer wants no more for now. */
export interface ByteSink {
  write(chunk: Uint8Array): boolean;
  /** Send the status line and headers soon unless body bytes carry them first (one packet instead of two). */
  flushHeaders(): void;
  end(): void;
  destroy(error: unknown): void;
  /** Optional: bytes written but not yet taken by the client, so a slow reader's progress shows between drains. */
  buffered?(): number;
}

/** What the direct consumer tells the body: it can take more again (drain), or the client went away (close). */
export interface DirectControl {
  drain(): void;
  close(): void;
}

/** A response body the server may pipe into its socket itself instead of reading a web stream. */
export interface DirectBody {
  pipeTo(sink: ByteSink): DirectControl;
}

export interface BodyFastPath {
  /** The body as a push source, without a web ReadableStream. Claims the body; throws if it was claimed. */
  body?(): ChunkSource;
  /** A header's value as Headers.get() gives it (lower-case `name`), without building the web Headers. */
  header?(name: string): string | null;
}

export interface RequestFastPath extends BodyFastPath {
  /** Calls `listener` once if the client goes away before its response ends; returns the unsubscribe. */
  onClientGone(listener: () => void): () => void;
  /** The server pipes every direct body it is given, so the relay builds no web stream for the response. */
  readonly takesDirectBody: boolean;
  /** Set by the relay: the response's body, for the server to pipe (see takesDirectBody). */
  direct?: DirectBody;
  /**
   * Optional: builds the Response that carries a direct body, so that the server can write `headers` as given
   * instead of reading a web Headers back (when nothing read, and so nothing changed, its Headers meanwhile).
   */
  directResponse?(status: number, headers: Record<string, string>): Response;
}

/**
 * What aborts an upstream request, in the shape undici's request() takes as its `signal` (an EventEmitter's
 * `once`/`removeListener`, `aborted`, `reason`): no AbortController, EventTarget or listener bookkeeping.
 */
export interface AbortHandle {
  readonly aborted: boolean;
  readonly reason: unknown;
  on(type: 'abort', listener: () => void): unknown;
  once(type: 'abort', listener: () => void): unknown;
  removeListener(type: 'abort', listener: () => void): unknown;
}

/** A fetch that takes an AbortHandle (`init.signal` is ignored); rejects with the handle's reason on abort. */
export type FetchFastPath = (input: string, init: RequestInit, abort: AbortHandle) => Promise<Response>;

type WithFetchFastPath = { relayFastPath?: FetchFastPath };

/** Marks `fetch` as also taking an AbortHandle, through `withHandle`. */
export function attachFetchFastPath<F extends typeof globalThis.fetch>(fetch: F, withHandle: FetchFastPath): F {
  (fetch as F & WithFetchFastPath).relayFastPath = withHandle;
  return fetch;
}

export function fetchFastPath(fetch: typeof globalThis.fetch): FetchFastPath | undefined {
  return (fetch as typeof fetch & WithFetchFastPath).relayFastPath;
}

type WithRuntime<T> = { runtime?: { relay?: T } };

/** Attaches `fastPath` to a Request or Response, next to srvx's own `runtime` fields when there are some. */
export function attachFastPath<T extends BodyFastPath>(message: Request | Response, fastPath: T): T {
  const carrier = message as (Request | Response) & WithRuntime<T>;
  if (carrier.runtime) carrier.runtime.relay = fastPath;
  else carrier.runtime = { relay: fastPath };
  return fastPath;
}

export function requestFastPath(request: Request): RequestFastPath | undefined {
  return (request as Request & WithRuntime<RequestFastPath>).runtime?.relay;
}

export function bodyFastPath(message: Request | Response): BodyFastPath | undefined {
  return (message as (Request | Response) & WithRuntime<BodyFastPath>).runtime?.relay;
}

/** `message.headers.get(name)` (lower-case `name`), through the fast path when the message offers one. */
export function headerOf(message: Request | Response, name: string): string | null {
  const header = bodyFastPath(message)?.header;
  return header ? header(name) : message.headers.get(name);
}

const NOTHING = () => {};

/**
 * Subscribes `listener` to the client going away: through the fast path, else request.signal (which srvx builds
 * on first use, with an AbortController and listener bookkeeping per request). If the client is gone already,
 * `listener` runs before this returns. The returned function unsubscribes (safe to call more than once).
 */
export function onClientGone(request: Request, listener: () => void): () => void {
  const fastPath = requestFastPath(request);
  if (fastPath) return fastPath.onClientGone(listener);
  const signal = request.signal as AbortSignal | undefined;
  if (!signal) return NOTHING;
  if (signal.aborted) {
    listener();
    return NOTHING;
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
