// A small request body read the way a plain node:http handler reads it ('data' then 'end'), so the relay starts on
// the request in the same event loop phase as the packet that carried it. Waiting with setImmediate instead put
// the relay in the check phase, where undici's own setImmediate before reusing a kept-alive upstream socket
// (its idle socket check) then waits for a whole extra loop turn before the upstream request is written.
import type { IncomingMessage } from 'node:http';
import type { ChunkHandlers, ChunkSource } from '../../exchange/chunk-source.js';

/**
 * Calls `ready(body)` with the whole body at 'end' (one tick after node:http parsed its last byte), or, when it has
 * not all come in this loop turn, puts back what it took (the request then reads as untouched) and calls
 * `ready(null)` in the check phase, so a slow body is read (and timed) by the relay as any other.
 */
export function whenBodyParsed(req: IncomingMessage, ready: (body: Buffer | null) => void): void {
  const chunks: Buffer[] = [];
  const take = (chunk: Buffer) => chunks.push(chunk);
  const onEnd = () => {
    clearImmediate(notYet);
    ready(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  };
  const notYet = setImmediate(() => {
    req.off('data', take);
    req.off('end', onEnd);
    req.pause();
    for (let i = chunks.length - 1; i >= 0; i--) req.unshift(chunks[i]);
    ready(null);
  });
  req.on('data', take);
  req.once('end', onEnd);
}

/** A body that has arrived whole, as a ChunkSource: one chunk and the end on the first resume(). */
export function completeChunkSource(body: Uint8Array): ChunkSource {
  let handlers: ChunkHandlers | null = null;
  let done = false;
  return {
    takeComplete() {
      done = true;
      return body;
    },
    start(h) {
      handlers = h;
    },
    resume() {
      if (done || !handlers) return;
      done = true;
      if (body.byteLength > 0) handlers.data(body);
      handlers.end();
    },
    pause() {},
    cancel() {
      done = true;
    },
  };
}
