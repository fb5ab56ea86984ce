// How the relay reads an upstream body: a push source with flow control (resume/pause), instead of one promise
// per chunk. Any web Response works (read through its body's reader); a runtime adapter may inject a cheaper
// source by putting a factory on the Response under CHUNK_SOURCE (the Node upstream fetch does: undici's body
// stream feeds the relay directly, without a web ReadableStream in between). The hook is optional and
// runtime-neutral: a Response without it is read the standard way.

export const CHUNK_SOURCE = Symbol.for('gpt-chat.chunkSource');

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
  start(handlers: ChunkHandlers): void;
  resume(): void;
  pause(): void;
  cancel(): void;
}

type WithChunkSource = Response & { [CHUNK_SOURCE]?: () => ChunkSource };

/** The injected source when the Response carries one (and its body is untouched), else a reader-based one. */
export function chunkSourceOf(response: Response): ChunkSource | null {
  const inject = (response as WithChunkSource)[CHUNK_SOURCE];
  if (typeof inject === 'function' && !response.bodyUsed && !response.body?.locked) return inject();
  return response.body ? readerSource(response.body.getReader()) : null;
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
