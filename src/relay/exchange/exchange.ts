// One chat-completions exchange with the upstream, from "request accepted" to "body finished".
//
// The client gets its Response as soon as there is something to say: the upstream's headers, an error, or — for
// streams — the first heartbeat, which commits a 200 event stream early so proxies with first-byte limits
// (Cloudflare 100 s, nginx 60 s) do not cut a slow model. Body bytes are passed through untouched as they arrive
// (pull-based, so a slow client applies backpressure to the upstream read); the only bytes the relay adds are
// `: ping` comments, written only between events, and a final `data: {"error":…}` event when the upstream fails
// after the stream started; the only bytes it replaces are configured secrets (redact.ts), with `[redacted]`.
// The client going away (request.signal, or the server's cheaper CLIENT_GONE hook, see client-gone.ts; or the
// stream's cancel) aborts the upstream fetch at any stage; a normal finish never touches the abort controller.
// A client that takes no bytes for sendTimeoutMs while some wait for it is cut, and so is its upstream request.
//
// Bytes move push-style with flow control: the upstream body is a ChunkSource (resumed while the client can
// take more, paused when it cannot) and the client body a ClientBody (a web stream, or a direct pipe when the
// server adapter offers one), so a chunk costs one call from source to sink rather than a promise per layer.
import { type ChunkSource, chunkSourceOf } from './chunk-source.js';
import { ClientBody, takesDirectBody } from './client-body.js';
import { onClientGone } from './client-gone.js';
import type { ShutdownGroup } from './shutdown-group.js';
import { errorBody, JSON_CONTENT_TYPE } from '../errors.js';
import type { KeyPool } from '../upstream/keys.js';
import { retryAfterMs } from '../upstream/keys.js';
import type { UpstreamTarget } from '../settings/providers.js';
import type { Redactor, StreamRedaction } from './redact.js';
import type { RequestRecorder } from '../log/recorder.js';
import {
  chatCompletionsURL,
  describeFetchError,
  normalizeUpstreamError,
  passThroughErrorHeaders,
  readCapped,
  upstreamHeaders,
} from '../upstream/http.js';
import { endsWithDone, findLastUsage, TailBuffer } from './usage.js';

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

const encoder = new TextEncoder();
const PING = encoder.encode(': ping\n\n');
const LF = 10;
const CR = 13;

export interface ChatExchangeOptions {
  request: Request;
  target: UpstreamTarget;
  keys: KeyPool;
  /** Scrubs every configured key and access token from whatever the upstream answers. */
  redactor: Redactor;
  fetch: typeof globalThis.fetch;
  /** The JSON body for the upstream (already policy-checked). */
  payload: string;
  stream: boolean;
  /** Silence before a `: ping` (0 = never). Streams only. */
  heartbeatMs: number;
  /** Upstream idle time before the exchange is aborted. */
  timeoutMs: number;
  /** Time the client may take no bytes while some wait for it, before the exchange is aborted. */
  sendTimeoutMs: number;
  /** The server is going down: end with a retryable error event and abort the upstream. */
  shutdown?: ShutdownGroup;
  recorder: RequestRecorder;
  /** Wall clock (for key benching). */
  now: () => number;
}

/** Runs the exchange; resolves with the Response for the client (possibly before the upstream answered). */
export function relayChat(options: ChatExchangeOptions): Promise<Response> {
  return new ChatExchange(options).run();
}

const monotonic = () => performance.now();
const SHUTDOWN_MESSAGE = 'The relay is shutting down; please try again in a moment.';

class ChatExchange {
  private readonly o: Omit<ChatExchangeOptions, 'payload'>;
  /**
   * The upstream request body, dropped once the upstream has answered: a long conversation is tens of KB, and a
   * stream stays open for minutes.
   */
  private payload: string | null;
  private readonly upstreamAbort = new AbortController();
  private body: ClientBody | null = null;
  private source: ChunkSource | null = null;
  /** The client can take more bytes (it pulled, or its direct pipe drained). */
  private clientWants = false;
  /** The source is resumed. */
  private flowing = false;
  private resolveResponse!: (response: Response) => void;
  private settleHeaders!: () => void;
  private readonly headersSettled = new Promise<void>((r) => (this.settleHeaders = r));
  private committed = false;
  /** The client response is an event stream (so error events and pings are valid in it). */
  private sse = false;
  private finished = false;
  /** Why the relay itself aborted the upstream (idle timeout, shutdown): the error the client then gets. */
  private cutBy: { status: number; message: string; code: string } | null = null;
  /** A read (or the fetch itself) is in flight, so upstream silence counts towards the idle timeout. */
  private waitingOnUpstream = true;
  private lastUpstream = monotonic();
  private lastWrite = monotonic();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires (monotonic). */
  private timerDue = 0;
  /** Since when the client has taken no bytes while a write waits for it (-1: it is keeping up). */
  private blockedSince = -1;
  /** The bytes buffered unsent at that time, when the server can tell (progress = fewer of them). */
  private blockedBuffered: number | undefined;
  /** Secret redaction of the upstream body (null when no secret is configured). */
  private redaction: StreamRedaction | null = null;
  private readonly tail = new TailBuffer();
  /** The last (up to) 4 bytes sent, to know whether the stream is between SSE events. */
  private readonly last4 = new Uint8Array(4);
  private atEventBoundary = true;
  private readonly onClientAbort = () => this.clientGone();
  private stopWatchingClient: (() => void) | null = null;

  constructor({ payload, ...options }: ChatExchangeOptions) {
    this.o = options;
    this.payload = payload;
  }

  run(): Promise<Response> {
    const response = new Promise<Response>((r) => (this.resolveResponse = r));
    this.stopWatchingClient = onClientGone(this.o.request, this.onClientAbort);
    if (this.finished) return response; // the client was gone already
    if (this.o.shutdown?.down) {
      // Nothing started yet: answer at once, the upstream is never called.
      this.fail(503, SHUTDOWN_MESSAGE, 'relay_shutting_down');
      return response;
    }
    this.o.shutdown?.add(this);
    this.arm();
    void this.connect();
    return response;
  }

  // ---- upstream -------------------------------------------------------------------------------------------

  private async connect(): Promise<void> {
    const { o } = this;
    let key = o.keys.next(o.now());
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await o.fetch(chatCompletionsURL(o.target), {
          method: 'POST',
          headers: upstreamHeaders(o.target, key, o.stream ? 'text/event-stream' : 'application/json', true),
          body: this.payload,
          signal: this.upstreamAbort.signal,
        });
      } catch (error) {
        if (this.finished) return;
        if (this.cutBy) return this.failCut();
        return this.fail(502, `Could not reach the upstream (${describeFetchError(error)}).`, 'upstream_unreachable');
      }
      if (this.finished) {
        res.body?.cancel().catch(() => {});
        return;
      }
      this.lastUpstream = monotonic();
      if ((res.status === 401 || res.status === 429) && key) {
        const t = o.now();
        o.keys.bench(key, t, res.status === 429 ? retryAfterMs(res.headers.get('retry-after'), t) : undefined);
        // Nothing of this answer reached the client yet, so the same request can go to the next key once.
        if (attempt === 0 && o.keys.hasAlternative(key, t)) {
          res.body?.cancel().catch(() => {});
          key = o.keys.next(t, key);
          continue;
        }
      }
      this.payload = null; // no retry from here on
      if (!res.ok) return this.upstreamFailed(res);
      const source = chunkSourceOf(res);
      if (!source) {
        if (!this.committed) this.commit(res.status, this.successHeaders(res));
        return this.complete();
      }
      this.source = source;
      if (!o.redactor.empty) this.redaction = o.redactor.stream();
      source.start({ data: this.onData, end: this.onEnd, error: this.onError });
      this.waitingOnUpstream = false; // until the client wants bytes
      if (!this.committed) {
        this.commit(res.status, this.successHeaders(res));
        // An SSE client sees the stream open as soon as the upstream accepted, not only with the first token.
        if (this.sse) this.body!.flushHeaders();
      }
      this.settleHeaders();
      if (this.clientWants) this.want();
      return;
    }
  }

  private successHeaders(res: Response): Record<string, string> {
    const type = res.headers.get('content-type') ?? '';
    if (this.o.stream && (type.includes('text/event-stream') || !type)) return { ...SSE_HEADERS };
    // A provider that ignored stream:true (or a non-stream request) gets its own content type back.
    return { 'content-type': type || JSON_CONTENT_TYPE, 'cache-control': 'no-store' };
  }

  private async upstreamFailed(res: Response): Promise<void> {
    let text = '';
    try {
      text = await readCapped(res);
    } catch {
      if (this.finished) return;
      if (this.cutBy) return this.failCut();
    }
    if (this.finished) return;
    const body = normalizeUpstreamError(res.status, text, this.o.redactor);
    this.failWithBody(res.status, body, passThroughErrorHeaders(res), `upstream ${res.status}`);
  }

  /** The client can take more: let the upstream body flow (once it exists). */
  private readonly want = (): void => {
    if (this.finished) return;
    this.clientWants = true;
    this.blockedSince = -1;
    if (!this.source || this.flowing) return;
    this.flowing = true;
    this.waitingOnUpstream = true;
    this.lastUpstream = monotonic();
    this.source.resume();
  };

  private pause(): void {
    this.clientWants = false;
    if (!this.flowing) return;
    this.flowing = false;
    this.waitingOnUpstream = false;
    this.source!.pause();
  }

  private readonly onData = (chunk: Uint8Array): void => {
    if (this.finished) return;
    this.lastUpstream = monotonic();
    const out = this.redaction === null ? chunk : this.redaction.push(chunk);
    // All of it held back (it may begin a secret): nothing to send yet, keep reading.
    if (out.byteLength === 0) return;
    if (!this.write(out, true)) this.pause();
  };

  private readonly onEnd = (): void => {
    this.waitingOnUpstream = false;
    if (this.finished) return;
    this.complete();
  };

  private readonly onError = (): void => {
    this.waitingOnUpstream = false;
    if (this.finished) return;
    if (this.cutBy) return this.failCut();
    return this.fail(502, 'The upstream connection was lost mid-response.', 'upstream_disconnected');
  };

  // ---- client ---------------------------------------------------------------------------------------------

  private commit(status: number, headers: Record<string, string>): void {
    this.committed = true;
    this.sse = headers['content-type']!.startsWith('text/event-stream');
    this.o.recorder.status = status;
    this.body = new ClientBody(this.want, this.onClientAbort, takesDirectBody(this.o.request));
    this.resolveResponse(this.body.response(status, headers));
  }

  /** Sends bytes to the client; false when it has enough for now. */
  private write(chunk: Uint8Array, fromUpstream: boolean): boolean {
    this.lastWrite = fromUpstream ? this.lastUpstream : monotonic();
    this.o.recorder.sent(chunk.byteLength);
    if (fromUpstream) {
      this.tail.push(chunk);
      this.trackBoundary(chunk);
    }
    if (this.body!.write(chunk)) return true;
    if (this.blockedSince < 0) this.blocked();
    return false;
  }

  /** The client stopped taking bytes: the send timeout runs from now (the timer is brought forward if need be). */
  private blocked(): void {
    this.blockedSince = this.lastWrite;
    this.blockedBuffered = this.body!.buffered();
    if (this.timer !== undefined && this.timerDue > this.blockedSince + this.o.sendTimeoutMs) {
      clearTimeout(this.timer);
      this.arm();
    }
  }

  /** Sends what the redaction still holds back (a partial secret that never completed), before an ending. */
  private flushHeld(): void {
    const held = this.redaction?.end();
    if (held && held.byteLength > 0) this.write(held, true);
  }

  /** O(1) per chunk: whether the bytes sent so far end with a blank line (\n\n, \r\r or \r\n\r\n). */
  private trackBoundary(chunk: Uint8Array): void {
    const n = chunk.byteLength;
    if (n === 0) return;
    const b = this.last4;
    if (n >= 4) b.set(chunk.subarray(n - 4));
    else {
      b.copyWithin(0, n);
      b.set(chunk, 4 - n);
    }
    this.atEventBoundary = (b[3] === LF && (b[2] === LF || (b[2] === CR && b[1] === LF && b[0] === CR))) || (b[3] === CR && b[2] === CR);
  }

  // ---- endings --------------------------------------------------------------------------------------------

  private fail(status: number, message: string, code: string): void {
    this.failWithBody(status, JSON.stringify(errorBody(status, message, undefined, code)), {}, code);
  }

  /** Before commit: the upstream's status with a JSON error. After: a `data: {"error":…}` event, then the end. */
  private failWithBody(status: number, body: string, headers: Record<string, string>, reason: string): void {
    if (this.finished) return;
    const { recorder } = this.o;
    recorder.error ??= reason;
    if (!this.committed) {
      this.settle();
      const bytes = encoder.encode(body);
      recorder.status = status;
      recorder.sent(bytes.byteLength);
      this.resolveResponse(new Response(bytes, { status, headers: { ...headers, 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' } }));
      recorder.finish();
      return;
    }
    if (this.sse) {
      this.flushHeld();
      // An SSE data line cannot hold newlines (upstream JSON may be pretty-printed), hence the re-serialization.
      const prefix = this.atEventBoundary ? '' : '\n\n';
      let line = body;
      try {
        line = JSON.stringify(JSON.parse(body));
      } catch {
        line = JSON.stringify(errorBody(status, 'Upstream error.'));
      }
      this.write(encoder.encode(`${prefix}data: ${line}\n\n`), false);
      this.closeClient(true);
    } else {
      // A JSON body cut half-way cannot be repaired: error the stream so the client sees a failed transfer,
      // not a truncated 200.
      this.settle();
      this.body?.destroy(new Error(reason));
      this.releaseReader();
      this.tail.release();
      recorder.finish();
    }
  }

  private complete(): void {
    if (this.finished) return;
    this.flushHeld();
    if (this.sse && !this.atEventBoundary && !endsWithDone(this.tail.text())) {
      // The upstream ended in the middle of an event: say so rather than stop silently. (A final
      // "data: [DONE]" without its blank line is a complete stream, just loosely terminated.)
      this.o.recorder.error ??= 'upstream_truncated';
      this.write(encoder.encode(`\n\ndata: ${JSON.stringify(errorBody(502, 'The upstream ended the stream mid-event.', undefined, 'upstream_truncated'))}\n\n`), false);
    }
    this.closeClient(false);
  }

  /** Ends the client stream. `release` cancels the upstream body (failure paths only; a finished body needs nothing). */
  private closeClient(release: boolean): void {
    this.settle();
    this.o.recorder.usage = this.takeUsage();
    this.body?.end();
    if (release) this.releaseReader();
    this.o.recorder.finish();
  }

  /** The client went away (request aborted or its stream cancelled): abort the upstream at whatever stage. */
  private clientGone(): void {
    if (this.finished) return;
    const { recorder } = this.o;
    recorder.error ??= 'client closed';
    if (!this.committed) recorder.status = 499;
    this.settle();
    this.upstreamAbort.abort(new DOMException('The client closed the connection.', 'AbortError'));
    if (!this.committed) {
      // Nobody will read this; it only settles the handler's promise.
      this.resolveResponse(new Response(null, { status: 499 }));
    } else {
      this.body?.destroy(new DOMException('The client closed the connection.', 'AbortError'));
    }
    recorder.usage = this.takeUsage();
    recorder.finish();
  }

  /** The client took no bytes for sendTimeoutMs: abort the upstream and close the client (it is not reading). */
  private sendTimedOut(): void {
    const { recorder } = this.o;
    recorder.error ??= 'client_send_timeout';
    this.settle();
    const reason = new DOMException('The client took no bytes for too long.', 'TimeoutError');
    this.upstreamAbort.abort(reason);
    this.releaseReader();
    this.body?.destroy(reason);
    recorder.usage = this.takeUsage();
    recorder.finish();
  }

  /** The usage the upstream reported, from the tail of what passed through; the tail's ring goes back to its pool. */
  private takeUsage(): ReturnType<typeof findLastUsage> {
    const usage = findLastUsage(this.tail.text());
    this.tail.release();
    return usage;
  }

  private releaseReader(): void {
    this.source?.cancel();
  }

  /** Marks the exchange finished and drops timers/listeners. Does not abort the upstream. */
  private settle(): void {
    this.finished = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopWatchingClient?.();
    this.o.shutdown?.delete(this);
    this.settleHeaders();
  }

  /** The server is going down (see ShutdownGroup). */
  shutDown(): void {
    this.cut(503, SHUTDOWN_MESSAGE, 'relay_shutting_down');
  }

  // ---- timers ---------------------------------------------------------------------------------------------

  /**
   * The relay gives up on the upstream itself. A pending fetch/read then rejects and its handler reports this
   * error (JSON before commit, an error event after); with nothing pending (the client is not reading), now.
   */
  private cut(status: number, message: string, code: string): void {
    if (this.finished || this.cutBy) return;
    this.cutBy = { status, message, code };
    this.upstreamAbort.abort(new DOMException(message, code === 'upstream_timeout' ? 'TimeoutError' : 'AbortError'));
    if (!this.waitingOnUpstream) this.fail(status, message, code);
  }

  private failCut(): void {
    const { status, message, code } = this.cutBy!;
    this.fail(status, message, code);
  }

  private timeoutMessage(): string {
    return `The upstream sent nothing for ${Math.round(this.o.timeoutMs / 100) / 10} s; request aborted.`;
  }

  private heartbeatOn(): boolean {
    return this.o.stream && this.o.heartbeatMs > 0;
  }

  /** One timer per exchange, re-armed per tick (not per chunk): chunks only update timestamps. */
  private arm(): void {
    if (this.finished) return;
    const t = monotonic();
    let wait = this.o.timeoutMs - (t - this.lastUpstream);
    if (this.heartbeatOn()) wait = Math.min(wait, this.o.heartbeatMs - (t - this.lastWrite));
    if (this.blockedSince >= 0) wait = Math.min(wait, this.o.sendTimeoutMs - (t - this.blockedSince));
    wait = Math.max(wait, 5);
    this.timerDue = t + wait;
    this.timer = setTimeout(this.tick, wait);
  }

  /** Whether the client is past the send timeout; progress (fewer bytes buffered unsent) starts a new period. */
  private sendTimeoutPassed(t: number): boolean {
    if (this.blockedSince < 0 || t - this.blockedSince < this.o.sendTimeoutMs) return false;
    const buffered = this.body!.buffered();
    if (buffered !== undefined && this.blockedBuffered !== undefined && buffered < this.blockedBuffered) {
      this.blockedSince = t;
      this.blockedBuffered = buffered;
      return false;
    }
    return true;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.finished) return;
    const t = monotonic();
    if (this.sendTimeoutPassed(t)) return this.sendTimedOut();
    if (this.waitingOnUpstream && t - this.lastUpstream >= this.o.timeoutMs) {
      this.cut(504, this.timeoutMessage(), 'upstream_timeout');
      return;
    }
    if (this.heartbeatOn() && this.waitingOnUpstream && t - this.lastWrite >= this.o.heartbeatMs) {
      if (!this.committed) this.commit(200, { ...SSE_HEADERS });
      // Bytes the redaction holds back come after everything sent, so a boundary of the sent bytes is still one.
      if (this.atEventBoundary) this.write(PING, false);
    }
    this.arm();
  };
}
