// The body of a streamed response to the client. It is a web ReadableStream (what every runtime's server reads),
// and it can also be handed, before anyone reads the stream, to a server that writes bytes directly (the
// request's fast path, ../fast-path.ts): Node's server pipes it into its ServerResponse, a web-stream read
// (promise, result object, queue bookkeeping) per chunk less. Whichever consumer comes first gets the bytes;
// writes made before either arrived (the empty header-flush chunk, an early `: ping`) are kept for it.
import type { ByteSink, DirectBody, DirectControl, RequestFastPath } from '../fast-path.js';

/** Responses whose body is a ClientBody: the exchange reports their bytes to the request log itself. */
const CLIENT_BODY_RESPONSES = new WeakSet<Response>();

export function isClientBodyResponse(response: Response): boolean {
  return CLIENT_BODY_RESPONSES.has(response);
}

const EMPTY = new Uint8Array(0);
const NONE = 0;
const WEB = 1;
const DIRECT = 2;

export class ClientBody implements DirectBody {
  /** null when the server takes the body directly (RequestFastPath.takesDirectBody). */
  readonly stream: ReadableStream<Uint8Array> | null = null;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private sink: ByteSink | null = null;
  private mode = NONE;
  private pending: Uint8Array[] | null = null;
  private flushWanted = false;
  /** An ending requested before a consumer attached: true = close, otherwise { error }. */
  private ending: true | { error: unknown } | null = null;

  /**
   * `want`: the consumer can take more bytes. `gone`: the consumer cancelled or the client disconnected.
   * `fastPath`: the request's; when its server takes direct bodies, no web stream is built (costly on Node).
   */
  constructor(
    private readonly want: () => void,
    private readonly gone: () => void,
    private readonly fastPath: RequestFastPath | undefined,
  ) {
    if (fastPath?.takesDirectBody) return;
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => this.attachWeb(),
        cancel: () => this.gone(),
      },
      { highWaterMark: 0 },
    );
  }

  /** The Response for the client; a server with a fast path finds this body on it to pipe directly. */
  response(status: number, headers: Record<string, string>): Response {
    const fastPath = this.fastPath;
    const response =
      this.stream === null && fastPath?.directResponse
        ? fastPath.directResponse(status, headers)
        : new Response(this.stream, { status, headers });
    CLIENT_BODY_RESPONSES.add(response);
    if (fastPath) fastPath.direct = this;
    return response;
  }

  pipeTo(sink: ByteSink): DirectControl {
    if (this.mode !== NONE) throw new TypeError('The response body is already being read.');
    this.mode = DIRECT;
    this.sink = sink;
    if (this.flushWanted) sink.flushHeaders();
    this.flushPending();
    if (this.ending === null) this.want();
    return { drain: this.want, close: this.gone };
  }

  private attachWeb(): void {
    if (this.mode === NONE) {
      this.mode = WEB;
      if (this.flushWanted) this.flushHeaders();
      this.flushPending();
    }
    if (this.ending === null) this.want();
  }

  private flushPending(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending) for (const chunk of pending) this.write(chunk);
    const ending = this.ending;
    if (ending === true) this.end();
    else if (ending) this.destroy(ending.error);
  }

  /**
   * Asks the server to send the status line and headers now rather than with the first body bytes, so a client
   * sees the stream open as soon as the upstream accepted. On a web stream that is an empty chunk (Node's server
   * flushes on it; other runtimes ignore it); a direct consumer may wait for the current I/O turn so the headers
   * and body bytes that arrived with them leave in one packet.
   */
  flushHeaders(): void {
    if (this.mode === DIRECT) this.sink!.flushHeaders();
    else if (this.mode === WEB) this.write(EMPTY);
    else this.flushWanted = true;
  }

  /** Sends a chunk; false when the consumer has enough for now (the caller then pauses until `want`). */
  write(chunk: Uint8Array): boolean {
    if (this.mode === DIRECT) return this.sink!.write(chunk);
    if (this.mode === WEB) {
      try {
        this.controller!.enqueue(chunk);
      } catch {
        return false; // already closed or cancelled; cancel() handles the rest
      }
      return (this.controller!.desiredSize ?? 0) > 0;
    }
    (this.pending ??= []).push(chunk);
    return false;
  }

  /** Bytes the direct consumer holds unsent, when it can tell (undefined otherwise). */
  buffered(): number | undefined {
    return this.mode === DIRECT ? this.sink!.buffered?.() : undefined;
  }

  end(): void {
    if (this.mode === DIRECT) this.sink!.end();
    else if (this.mode === WEB) {
      try {
        this.controller!.close();
      } catch {
        // already cancelled by the client
      }
    } else this.ending ??= true;
  }

  destroy(error: unknown): void {
    if (this.mode === DIRECT) this.sink!.destroy(error);
    else if (this.mode === WEB) {
      try {
        this.controller!.error(error);
      } catch {
        // already cancelled
      }
    } else {
      this.ending ??= { error };
      // Nobody may ever attach (the client is gone): error the web stream too so it is not left open.
      try {
        this.controller?.error(error);
      } catch {
        // already cancelled
      }
    }
  }
}
