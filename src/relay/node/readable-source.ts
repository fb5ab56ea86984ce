// A Node Readable (undici's response body, node:http's request) as the relay's ChunkSource: each 'data' chunk
// (a Buffer, which is a Uint8Array) reaches the relay in the same call, with pause/resume as flow control, and
// no web ReadableStream (constructor, reader, a promise per chunk) in between.
import type { Readable } from 'node:stream';
import type { ChunkHandlers, ChunkSource } from '../chunk-source.js';

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
    start(h) {
      handlers = h;
      let settled = false;
      source.once('end', () => {
        settled = true;
        if (!cancelled) h.end();
      });
      // `on`, not `once`: a destroyed body can emit a second error, which must not become an unhandled one.
      source.on('error', (error) => {
        if (settled) return;
        settled = true;
        if (!cancelled) h.error(error);
      });
      // Destroyed without an error (a request whose client went away): still an end that is not 'end'.
      source.once('close', () => {
        if (settled) return;
        settled = true;
        if (!cancelled) h.error(new Error('The stream closed before its end.'));
      });
    },
    resume() {
      if (attached) source.resume();
      else {
        attached = true;
        source.on('data', handlers!.data);
      }
    },
    pause() {
      source.pause();
    },
    cancel() {
      cancelled = true;
      if (onCancel === 'destroy') source.destroy();
      else {
        if (attached) source.off('data', handlers!.data);
        source.pause();
      }
    },
  };
}
