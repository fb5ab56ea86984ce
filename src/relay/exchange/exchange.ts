// One chat-completions exchange with the upstream, from "request accepted" to "body finished".
//
// The client gets its Response as soon as there is something to say: the upstream's headers, an error, or — for
// streams — the first heartbeat, which commits a 200 event stream early so proxies with first-byte limits do not
// cut a slow model. Body bytes pass through untouched as they arrive, pushed from the upstream's ChunkSource into
// the ClientBody and paused while the client cannot take more (backpressure reaches the upstream read). The relay
// adds only `: ping` comments between events and a final error event when the upstream fails mid-stream, and
// replaces only configured secrets (redact.ts). The client going away aborts the upstream fetch at any stage.
import { type ChunkSource, chunkSourceOf } from './chunk-source.js';
import { ClientBody } from './client-body.js';
import { fetchWithKeyRotation } from './key-rotation.js';
import type { ConnectAttempt } from '../routing/fallback.js';
import type { Redactor, StreamRedaction } from './redact.js';
import type { ShutdownGroup } from './shutdown-group.js';
import { PING, SSE_HEADERS, SseFraming, truncatedEvent } from './sse-framing.js';
import { ExchangeTimers, monotonic, type TimerHost } from './timers.js';
import { UpstreamAbort } from './upstream-abort.js';
import { endsWithDone, findLastUsage, TailBuffer } from './usage.js';
import { errorBody, JSON_CONTENT_TYPE } from '../errors.js';
import { headerOf, onClientGone, requestFastPath } from '../fast-path.js';
import type { RequestRecorder } from '../log/recorder.js';
import type { UpstreamTarget } from '../settings/providers.js';
import type { KeyPool } from '../upstream/keys.js';
import {
  clientStatusFor,
  describeFetchError,
  normalizeUpstreamError,
  passThroughErrorHeaders,
  readCapped,
} from '../upstream/http.js';

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
  /** Replaces the one-upstream connect: routing/fallback.ts tries several models in turn. */
  connect?: (attempt: ConnectAttempt) => Promise<Response | null>;
  /** While true, a heartbeat does not commit the response early (a fallback may still answer instead). */
  holdCommit?: () => boolean;
  /** Headers for the client's response (x-gpt-chat-model), read when it is committed. */
  headers?: () => Record<string, string>;
}

/** Runs the exchange; resolves with the Response for the client (possibly before the upstream answered). */
export function relayChat(options: ChatExchangeOptions): Promise<Response> {
  return new ChatExchange(options).run();
}

/**
 * Where the exchange is with the upstream:
 * - connecting: the fetch (or the read of an error body) is in flight;
 * - flowing: the upstream body is being read (the client can take more);
 * - paused: the upstream body waits for the client;
 * - finished: the client has its whole answer, an error, or is gone. Nothing happens after this.
 */
type Phase = 'connecting' | 'flowing' | 'paused' | 'finished';

/** Why the relay itself aborted the upstream (idle timeout, shutdown): the error the client then gets. */
interface Cut {
  status: number;
  message: string;
  code: string;
}

const encoder = new TextEncoder();
const SHUTDOWN_MESSAGE = 'The relay is shutting down; please try again in a moment.';

class ChatExchange implements TimerHost {
  private phase: Phase = 'connecting';
  private readonly request: Request;
  private readonly stream: boolean;
  private readonly recorder: RequestRecorder;
  private readonly shutdown: ShutdownGroup | undefined;
  private readonly timers: ExchangeTimers;
  private readonly timeoutMs: number;
  private readonly holdCommit: (() => boolean) | undefined;
  private readonly extraHeaders: (() => Record<string, string>) | undefined;
  /** Dropped once the upstream has answered: a long conversation is tens of KB, a stream stays open for minutes. */
  private options: ChatExchangeOptions | null;
  private readonly upstreamAbort = new UpstreamAbort();
  /** The client's body, once the response is committed (status and headers chosen). */
  private body: ClientBody | null = null;
  /** The client response is an event stream (so error events and pings are valid in it). */
  private framing: SseFraming | null = null;
  private source: ChunkSource | null = null;
  /** The client can take more bytes (it pulled, or its direct pipe drained). */
  private clientWants = false;
  private cutBy: Cut | null = null;
  /** Secret redaction of the upstream body (null when no secret is configured). */
  private redaction: StreamRedaction | null = null;
  private readonly tail = new TailBuffer();
  private resolveResponse!: (response: Response) => void;
  private readonly onClientAbort = () => this.clientGone();
  private stopWatchingClient: (() => void) | null = null;

  constructor(options: ChatExchangeOptions) {
    this.options = options;
    this.request = options.request;
    this.stream = options.stream;
    this.recorder = options.recorder;
    this.shutdown = options.shutdown;
    this.timeoutMs = options.timeoutMs;
    this.holdCommit = options.holdCommit;
    this.extraHeaders = options.headers;
    this.timers = new ExchangeTimers(this, {
      timeoutMs: options.timeoutMs,
      heartbeatMs: options.stream ? options.heartbeatMs : 0,
      sendTimeoutMs: options.sendTimeoutMs,
    });
  }

  run(): Promise<Response> {
    const response = new Promise<Response>((resolve) => (this.resolveResponse = resolve));
    this.stopWatchingClient = onClientGone(this.request, this.onClientAbort);
    if (this.phase === 'finished') return response; // the client was gone already
    if (this.shutdown?.down) {
      // Nothing started yet: answer at once, the upstream is never called.
      this.fail(503, SHUTDOWN_MESSAGE, 'relay_shutting_down');
      return response;
    }
    this.shutdown?.add(this);
    this.timers.start();
    void this.connect();
    return response;
  }

  // ---- upstream -------------------------------------------------------------------------------------------

  private async connect(): Promise<void> {
    const options = this.options!;
    let res: Response | null;
    try {
      const abort = this.upstreamAbort;
      const answered = () => (this.timers.lastUpstream = monotonic());
      const finished = () => this.phase === 'finished';
      res = options.connect
        ? await options.connect({ signal: abort.signal, stream: this.stream, answered, finished })
        : await fetchWithKeyRotation({
            fetch: options.fetch,
            target: options.target,
            keys: options.keys,
            now: options.now,
            stream: this.stream,
            payload: options.payload,
            signal: abort,
            answered,
            finished,
          });
    } catch (error) {
      if (this.phase === 'finished') return;
      if (this.cutBy) return this.failCut();
      return this.fail(502, `Could not reach the upstream (${describeFetchError(error)}).`, 'upstream_unreachable');
    }
    if (!res) return;
    this.options = null; // no retry from here on
    if (!res.ok) return this.upstreamFailed(res, options.redactor);
    const source = chunkSourceOf(res);
    if (!source) {
      if (!this.body) this.commit(res.status, this.successHeaders(res));
      return this.complete();
    }
    this.source = source;
    if (!options.redactor.empty) this.redaction = options.redactor.stream();
    source.start({ data: this.onData, end: this.onEnd, error: this.onError });
    this.phase = 'paused'; // until the client wants bytes
    if (!this.body) {
      this.commit(res.status, this.successHeaders(res));
      // An SSE client sees the stream open as soon as the upstream accepted, not only with the first token.
      if (this.framing) this.body!.flushHeaders();
    }
    if (this.clientWants) this.want();
  }

  private successHeaders(res: Response): Record<string, string> {
    const type = headerOf(res, 'content-type') ?? '';
    if (this.stream && (type.includes('text/event-stream') || !type)) return { ...SSE_HEADERS };
    // A provider that ignored stream:true (or a non-stream request) gets its own content type back.
    return { 'content-type': type || JSON_CONTENT_TYPE, 'cache-control': 'no-store' };
  }

  private async upstreamFailed(res: Response, redactor: Redactor): Promise<void> {
    let text = '';
    try {
      text = await readCapped(res);
    } catch {
      if (this.phase === 'finished') return;
      if (this.cutBy) return this.failCut();
    }
    if (this.phase === 'finished') return;
    const body = normalizeUpstreamError(res.status, text, redactor);
    this.failWithBody(clientStatusFor(res.status), body, passThroughErrorHeaders(res), `upstream ${res.status}`);
  }

  /** The client can take more: let the upstream body flow (once it exists). */
  private readonly want = (): void => {
    if (this.phase === 'finished') return;
    this.clientWants = true;
    this.timers.unblocked();
    if (this.phase !== 'paused') return;
    this.phase = 'flowing';
    this.timers.lastUpstream = monotonic();
    this.source!.resume();
  };

  private pause(): void {
    this.clientWants = false;
    if (this.phase !== 'flowing') return;
    this.phase = 'paused';
    this.source!.pause();
  }

  private readonly onData = (chunk: Uint8Array): void => {
    if (this.phase === 'finished') return;
    this.timers.lastUpstream = monotonic();
    const out = this.redaction === null ? chunk : this.redaction.push(chunk);
    // All of it held back (it may begin a secret): nothing to send yet, keep reading.
    if (out.byteLength === 0) return;
    if (!this.write(out, true)) this.pause();
  };

  private readonly onEnd = (): void => {
    if (this.phase === 'finished') return;
    this.phase = 'paused'; // the body is done: nothing is awaited from the upstream
    this.complete();
  };

  private readonly onError = (): void => {
    if (this.phase === 'finished') return;
    this.phase = 'paused';
    if (this.cutBy) return this.failCut();
    return this.fail(502, 'The upstream connection was lost mid-response.', 'upstream_disconnected');
  };

  // ---- client ---------------------------------------------------------------------------------------------

  private commit(status: number, headers: Record<string, string>): void {
    if (headers['content-type']!.startsWith('text/event-stream')) this.framing = new SseFraming();
    if (this.extraHeaders) Object.assign(headers, this.extraHeaders());
    this.recorder.status = status;
    this.body = new ClientBody(this.want, this.onClientAbort, requestFastPath(this.request));
    this.resolveResponse(this.body.response(status, headers));
  }

  /** Sends bytes to the client; false when it has enough for now. */
  private write(chunk: Uint8Array, fromUpstream: boolean): boolean {
    const timers = this.timers;
    timers.lastWrite = fromUpstream ? timers.lastUpstream : monotonic();
    this.recorder.sent(chunk.byteLength);
    if (fromUpstream) {
      this.tail.push(chunk);
      this.framing?.track(chunk);
    }
    if (this.body!.write(chunk)) return true;
    timers.blocked();
    return false;
  }

  /** Sends what the redaction still holds back (a partial secret that never completed), before an ending. */
  private flushHeld(): void {
    const held = this.redaction?.end();
    if (held && held.byteLength > 0) this.write(held, true);
  }

  // ---- endings --------------------------------------------------------------------------------------------

  private fail(status: number, message: string, code: string): void {
    this.failWithBody(status, JSON.stringify(errorBody(status, message, undefined, code)), {}, code);
  }

  /** Before commit: the upstream's status with a JSON error. After: a `data: {"error":…}` event, then the end. */
  private failWithBody(status: number, body: string, headers: Record<string, string>, reason: string): void {
    if (this.phase === 'finished') return;
    const { recorder } = this;
    recorder.error ??= reason;
    if (!this.body) {
      this.settle();
      const bytes = encoder.encode(body);
      recorder.status = status;
      recorder.sent(bytes.byteLength);
      const responseHeaders = {
        ...headers,
        ...this.extraHeaders?.(),
        'content-type': JSON_CONTENT_TYPE,
        'cache-control': 'no-store',
      };
      this.resolveResponse(new Response(bytes, { status, headers: responseHeaders }));
      recorder.finish();
      return;
    }
    if (this.framing) {
      this.flushHeld();
      this.write(this.framing.errorEvent(status, body), false);
      this.closeClient(true);
    } else {
      // A JSON body cut half-way cannot be repaired: error the stream so the client sees a failed transfer,
      // not a truncated 200.
      this.settle();
      this.body.destroy(new Error(reason));
      this.source?.cancel();
      this.tail.release();
      recorder.finish();
    }
  }

  private complete(): void {
    if (this.phase === 'finished') return;
    this.flushHeld();
    if (this.framing && !this.framing.atEventBoundary && !endsWithDone(this.tail.text())) {
      // The upstream ended in the middle of an event: say so rather than stop silently. (A final
      // "data: [DONE]" without its blank line is a complete stream, just loosely terminated.)
      this.recorder.error ??= 'upstream_truncated';
      this.write(truncatedEvent(), false);
    }
    this.closeClient(false);
  }

  /** Ends the client stream. `release` cancels the upstream body (failure paths only). */
  private closeClient(release: boolean): void {
    this.settle();
    this.recorder.usage = this.takeUsage();
    this.body?.end();
    if (release) this.source?.cancel();
    this.recorder.finish();
  }

  /** The client went away (request aborted or its stream cancelled): abort the upstream at whatever stage. */
  private clientGone(): void {
    if (this.phase === 'finished') return;
    const { recorder } = this;
    recorder.error ??= 'client closed';
    if (!this.body) recorder.status = 499;
    this.settle();
    this.upstreamAbort.abort(new DOMException('The client closed the connection.', 'AbortError'));
    if (!this.body) {
      // Nobody will read this; it only settles the handler's promise.
      this.resolveResponse(new Response(null, { status: 499 }));
    } else {
      this.body.destroy(new DOMException('The client closed the connection.', 'AbortError'));
    }
    recorder.usage = this.takeUsage();
    recorder.finish();
  }

  /** The usage the upstream reported, from the tail of what passed through; the tail goes back to its pool. */
  private takeUsage(): ReturnType<typeof findLastUsage> {
    const usage = findLastUsage(this.tail.text());
    this.tail.release();
    return usage;
  }

  /** Marks the exchange finished and drops timers/listeners. Does not abort the upstream. */
  private settle(): void {
    this.phase = 'finished';
    this.timers.stop();
    this.stopWatchingClient?.();
    this.shutdown?.delete(this);
  }

  /** The server is going down (see ShutdownGroup). */
  shutDown(): void {
    this.cut({ status: 503, message: SHUTDOWN_MESSAGE, code: 'relay_shutting_down' });
  }

  /**
   * The relay gives up on the upstream itself. A pending fetch/read then rejects and its handler reports this
   * error (JSON before commit, an error event after); with nothing pending (the client is not reading), now.
   */
  private cut(cut: Cut): void {
    if (this.phase === 'finished' || this.cutBy) return;
    this.cutBy = cut;
    const name = cut.code === 'upstream_timeout' ? 'TimeoutError' : 'AbortError';
    this.upstreamAbort.abort(new DOMException(cut.message, name));
    if (!this.waitingOnUpstream()) this.failCut();
  }

  private failCut(): void {
    const { status, message, code } = this.cutBy!;
    this.fail(status, message, code);
  }

  // ---- TimerHost ------------------------------------------------------------------------------------------

  waitingOnUpstream(): boolean {
    return this.phase === 'connecting' || this.phase === 'flowing';
  }

  buffered(): number | undefined {
    return this.body?.buffered();
  }

  /** The client took no bytes for sendTimeoutMs: abort the upstream and close the client (it is not reading). */
  sendTimedOut(): void {
    const { recorder } = this;
    recorder.error ??= 'client_send_timeout';
    this.settle();
    const reason = new DOMException('The client took no bytes for too long.', 'TimeoutError');
    this.upstreamAbort.abort(reason);
    this.source?.cancel();
    this.body?.destroy(reason);
    recorder.usage = this.takeUsage();
    recorder.finish();
  }

  idleTimedOut(): void {
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    const message = `The upstream sent nothing for ${seconds} s; request aborted.`;
    this.cut({ status: 504, message, code: 'upstream_timeout' });
  }

  heartbeat(): void {
    if (!this.body) {
      if (this.holdCommit?.()) return;
      this.commit(200, { ...SSE_HEADERS });
    }
    // Only into an event stream, between events. Bytes the redaction holds back come after everything sent, so a
    // boundary of the sent bytes is still one.
    if (this.framing?.atEventBoundary) this.write(PING, false);
  }
}
