// A Node Readable (undici's response body, node:http's request) as the relay's ChunkSource: each 'data' chunk
// (a Buffer, which is a Uint8Array) reaches the relay in the same call, with pause/resume as flow control, and
// no web ReadableStream (constructor, reader, a promise per chunk) in between.
import type { Readable } from 'node:stream';
import type { ChunkHandlers, ChunkSource } from '../../exchange/chunk-source.js';

/**
 * `onCancel`: "destroy" (an upstream body: undici then aborts the request and closes its socket) or "detach"
 * (a client's request body: stop reading but keep the socket, so the 408/413 answer can still be written; it
 * carries `connection: close`).
 */
export function readableChunkSource(source: Readable, onCancel: 'destroy' | 'detach' = 'destroy'): ChunkSource {
  let handlers: ChunkHandlers | null = null;
  let attached = false;
  let cancelled = false;
  return {
    takeComplete() {
      // `complete`: node:http's parser has seen the end of the request, so every body byte is in the buffer.
      const message = source as Readable & { complete?: boolean };
      if (onCancel !== 'detach' || message.complete !== true || attached || source.readableFlowing) return null;
      const chunks: Buffer[] = [];
      for (let chunk = source.read() as Buffer | null; chunk !== null; chunk = source.read() as Buffer | null)
        chunks.push(chunk);
      attached = true;
      source.resume(); // lets the stream reach its end, as node:http expects of a consumed request
      return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    },
    start(h) {
      handlers = h;
      // Once settled, the source lets go of the handlers: the request object outlives its body for the whole
      // stream, and the handlers of a body reader hold the chunks it collected.
      const settle = (): ChunkHandlers | null => {
        const current = handlers;
        if (!current) return null;
        handlers = null;
        source.off('end', onEnd);
        source.off('close', onClose);
        if (attached) source.off('data', current.data);
        return cancelled ? null : current;
      };
      const onEnd = () => settle()?.end();
      const onError = (error: unknown) => settle()?.error(error);
      // Destroyed without an error (a request whose client went away): still an end that is not 'end'.
      const onClose = () => settle()?.error(new Error('The stream closed before its end.'));
      source.once('end', onEnd);
      // `on`, and left on: a destroyed body can emit a second error, which must not become an unhandled one.
      source.on('error', onError);
      source.once('close', onClose);
    },
    resume() {
      if (!handlers) return;
      if (attached) source.resume();
      else {
        attached = true;
        source.on('data', handlers.data);
        // A request that serve paused (parsed-body.ts, a body still on its way) does not flow by a listener alone.
        if (source.readableFlowing === false) source.resume();
      }
    },
    pause() {
      source.pause();
    },
    cancel() {
      cancelled = true;
      if (onCancel === 'destroy') source.destroy();
      else {
        if (attached && handlers) source.off('data', handlers.data);
        source.pause();
      }
    },
  };
}
