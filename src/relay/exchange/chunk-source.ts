// How the relay reads a body (the upstream's answer, the client's request): a push source with flow control
// (resume/pause) instead of one promise per chunk. Any web Request/Response works (read through its body's
// reader); one that carries a fast path (../fast-path.ts) hands its body over without a web ReadableStream.
import { bodyFastPath } from '../fast-path.js';

export interface ChunkHandlers {
  data(chunk: Uint8Array): void;
  end(): void;
  error(error: unknown): void;
}

/**
 * Paused until resume(). After pause() at most one chunk already on its way may still arrive. After cancel()
 * no handler is called again.
 */
export interface ChunkSource {
  /**
   * Optional: the whole body at once when it has already arrived in full (a small request usually comes in the
   * same packet as its headers), else null. Taking it consumes the source; start() is then not called.
   */
  takeComplete?(): Uint8Array | null;
  start(handlers: ChunkHandlers): void;
  resume(): void;
  pause(): void;
  cancel(): void;
}

/**
 * The fast path's source when the Request/Response offers one (and its body is untouched), else one over its
 * body's reader; null when there is no body. The fast path is checked first: on Node, merely touching
 * `request.body` builds a web stream.
 */
export function chunkSourceOf(message: Request | Response): ChunkSource | null {
  const fast = bodyFastPath(message)?.body;
  if (fast && !message.bodyUsed) return fast();
  return message.body ? readerSource(message.body.getReader()) : null;
}

function readerSource(reader: ReadableStreamDefaultReader<Uint8Array>): ChunkSource {
  let handlers: ChunkHandlers | null = null;
  let flowing = false;
  let reading = false;
  let stopped = false;
  const onRead = (result: ReadableStreamReadResult<Uint8Array>) => {
    reading = false;
    if (stopped) return;
    if (result.done) {
      stopped = true;
      handlers!.end();
      return;
    }
    handlers!.data(result.value);
    loop();
  };
  const onError = (error: unknown) => {
    reading = false;
    if (stopped) return;
    stopped = true;
    handlers!.error(error);
  };
  const loop = () => {
    if (reading || !flowing || stopped) return;
    reading = true;
    reader.read().then(onRead, onError);
  };
  return {
    start(h) {
      handlers = h;
    },
    resume() {
      flowing = true;
      loop();
    },
    pause() {
      flowing = false;
    },
    cancel() {
      stopped = true;
      reader.cancel().catch(() => {});
    },
  };
}
