// One RequestLog per request, written when the response body has finished (or failed). Holds no key, token or
// message text: only sizes, timings, status, model name and token counts.
import type { RequestLog } from '../settings/options.js';

let cachedSecond = NaN;
let cachedPrefix = '';

/** Date.toISOString() with the part up to the second formatted once per second. */
function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  return `${cachedPrefix}${String(ms - second * 1000).padStart(3, '0')}Z`;
}

export class RequestRecorder {
  model: string | null = null;
  status = 0;
  bytes = 0;
  usage: RequestLog['usage'] = null;
  error: string | undefined;
  /** The named access token's name (guards/budget.ts). */
  token: string | undefined;
  /** Upstream tries, with routing or fallbacks (routing/fallback.ts). */
  tries: string | undefined;
  /** Told the outcome once the request is done (budget settlement). */
  onFinish: ((recorder: RequestRecorder) => void) | undefined;
  private ttfb: number | null = null;
  private done = false;
  private readonly start: number;
  /** Wall-clock start; formatted only when the record is written (off the way to the first byte). */
  private readonly startedAt = Date.now();

  constructor(
    private readonly sink: ((record: RequestLog) => void) | undefined,
    private readonly clock: () => number,
    readonly ip: string,
    readonly method: string,
    readonly path: string,
  ) {
    this.start = clock();
  }

  /** Counts bytes sent to the client; the first call fixes time-to-first-byte. */
  sent(byteLength: number): void {
    if (this.ttfb === null) this.ttfb = this.clock() - this.start;
    this.bytes += byteLength;
  }

  get finished(): boolean {
    return this.done;
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.onFinish) {
      try {
        this.onFinish(this);
      } catch {
        // settling a budget must not break serving
      }
    }
    if (!this.sink) return;
    const record: RequestLog = {
      time: isoTime(this.startedAt),
      ip: this.ip,
      method: this.method,
      path: this.path,
      model: this.model,
      status: this.status,
      ttfbMs: this.ttfb === null ? null : Math.round(this.ttfb * 100) / 100,
      durationMs: Math.round((this.clock() - this.start) * 100) / 100,
      bytes: this.bytes,
      usage: this.usage,
    };
    if (this.error) record.error = this.error;
    if (this.token) record.token = this.token;
    if (this.tries) record.tries = this.tries;
    try {
      this.sink(record);
    } catch {
      // a broken log sink must not break serving
    }
  }
}

/** Wraps a response body so the recorder learns bytes/ttfb and finishes when the body is done or cancelled. */
export function recordBody(response: Response, recorder: RequestRecorder): Response {
  recorder.status = response.status;
  if (!response.body || recorder.method === 'HEAD') {
    // HEAD: the server drops the body, so nothing would ever read (and finish) a wrapper.
    response.body?.cancel().catch(() => {});
    recorder.sent(0);
    recorder.finish();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            recorder.finish();
            return;
          }
          recorder.sent(value.byteLength);
          controller.enqueue(value);
        } catch (error) {
          recorder.error ??= 'body error';
          controller.error(error);
          recorder.finish();
        }
      },
      cancel(reason) {
        recorder.error ??= 'client closed';
        recorder.finish();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
