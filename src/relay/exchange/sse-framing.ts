// What the relay adds to an upstream event stream, and where it may: `: ping` comments and error events go only
// between events, so it tracks whether the bytes sent so far end on an event boundary.
import { errorBody } from '../errors.js';

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

const encoder = new TextEncoder();
export const PING = encoder.encode(': ping\n\n');
const LF = 10;
const CR = 13;

export class SseFraming {
  /** The bytes sent so far end with a blank line (or nothing was sent). */
  atEventBoundary = true;
  /** The last (up to) 4 bytes sent. */
  private readonly last4 = new Uint8Array(4);

  /** O(1) per chunk: notes whether the stream now ends with a blank line (\n\n, \r\r or \r\n\r\n). */
  track(chunk: Uint8Array): void {
    const n = chunk.byteLength;
    if (n === 0) return;
    const b = this.last4;
    if (n >= 4) {
      // Byte by byte: a subarray() here would allocate a view per chunk.
      b[0] = chunk[n - 4]!;
      b[1] = chunk[n - 3]!;
      b[2] = chunk[n - 2]!;
      b[3] = chunk[n - 1]!;
    } else {
      b.copyWithin(0, n);
      b.set(chunk, 4 - n);
    }
    this.atEventBoundary =
      (b[3] === LF && (b[2] === LF || (b[2] === CR && b[1] === LF && b[0] === CR))) || (b[3] === CR && b[2] === CR);
  }

  /**
   * A `data: {"error":…}` event carrying `body` (an OpenAI error JSON), after a blank line if the stream stopped
   * mid-event. An SSE data line cannot hold newlines (upstream JSON may be pretty-printed): re-serialized.
   */
  errorEvent(status: number, body: string): Uint8Array {
    let line: string;
    try {
      line = JSON.stringify(JSON.parse(body));
    } catch {
      line = JSON.stringify(errorBody(status, 'Upstream error.'));
    }
    return encoder.encode(`${this.atEventBoundary ? '' : '\n\n'}data: ${line}\n\n`);
  }
}

/** The event that says the upstream ended in the middle of an event (the stream is mid-event by definition). */
export function truncatedEvent(): Uint8Array {
  const body = errorBody(502, 'The upstream ended the stream mid-event.', undefined, 'upstream_truncated');
  return encoder.encode(`\n\ndata: ${JSON.stringify(body)}\n\n`);
}
