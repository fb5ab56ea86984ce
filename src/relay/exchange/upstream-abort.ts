// The exchange's way to abort its upstream request. A fetch with the fast path (the Node upstream fetch) takes the
// handle itself; any other fetch gets a web AbortSignal that follows it, built only when asked for, so the Node
// path makes no AbortController (an EventTarget, with listener bookkeeping) per request.
import type { AbortHandle } from '../fast-path.js';

export class UpstreamAbort implements AbortHandle {
  aborted = false;
  reason: unknown = undefined;
  /** Usually one (undici's); removed again when the request is done. */
  private listeners: (() => void)[] | null = null;
  private controller: AbortController | null = null;

  /** A web AbortSignal that aborts with this handle (and is aborted already if the handle is). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = null;
    this.controller?.abort(reason);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // As an AbortSignal does: the other listeners still run, the error is reported, not swallowed.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Listeners run once, on abort; adding one to an aborted handle does nothing (check `aborted` first). */
  on(_type: 'abort', listener: () => void): this {
    if (!this.aborted) (this.listeners ??= []).push(listener);
    return this;
  }

  once(type: 'abort', listener: () => void): this {
    return this.on(type, listener);
  }

  listenerCount(): number {
    return this.listeners?.length ?? 0;
  }

  removeListener(_type: 'abort', listener: () => void): this {
    const listeners = this.listeners;
    const at = listeners ? listeners.indexOf(listener) : -1;
    if (at !== -1) listeners!.splice(at, 1);
    return this;
  }
}
