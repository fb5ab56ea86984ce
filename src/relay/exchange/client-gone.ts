// How the relay learns that its client went away. The standard way is request.signal; a server adapter may put a
// cheaper hook on the Request under CLIENT_GONE. On Node, srvx builds request.signal on first use (an
// AbortController and a 'close' listener per request, then EventTarget listener bookkeeping: ~10 µs of every
// request's way to its first byte on Node 20), so the Node server offers a plain 'close' listener instead.

export const CLIENT_GONE = Symbol.for('gpt-chat.clientGone');

/** Calls `listener` once if the client goes away before its response ends; returns the unsubscribe. */
export type ClientGoneHook = (listener: () => void) => () => void;

const NOTHING = () => {};

/**
 * Subscribes `listener` to the client going away. If it is gone already, `listener` runs before this returns.
 * The returned function unsubscribes (safe to call more than once).
 */
export function onClientGone(request: Request, listener: () => void): () => void {
  const hook = (request as Request & { [CLIENT_GONE]?: ClientGoneHook })[CLIENT_GONE];
  if (typeof hook === 'function') return hook(listener);
  const signal = request.signal as AbortSignal | undefined;
  if (!signal) return NOTHING;
  if (signal.aborted) {
    listener();
    return NOTHING;
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
