// The exchange's upstream abort handle: listeners in the shape undici's request() uses (once/removeListener), and
// a web AbortSignal for any other fetch, built on first use and following the handle either way round.
import { describe, expect, it } from 'vitest';
import { UpstreamAbort } from '../../../src/relay/exchange/upstream-abort.js';

describe('UpstreamAbort', () => {
  it('runs each listener once, with aborted and reason set, and forgets them', () => {
    const abort = new UpstreamAbort();
    const seen: unknown[] = [];
    abort.once('abort', () => seen.push(['once', abort.aborted, abort.reason]));
    abort.on('abort', () => seen.push('on'));
    expect(abort.listenerCount()).toBe(2);
    abort.abort('why');
    abort.abort('again');
    expect(seen).toEqual([['once', true, 'why'], 'on']);
    expect(abort.reason).toBe('why');
    expect(abort.listenerCount()).toBe(0);
  });

  it('a removed listener is not called; removing an unknown one is harmless', () => {
    const abort = new UpstreamAbort();
    let calls = 0;
    const listener = () => calls++;
    abort.once('abort', listener);
    abort.removeListener('abort', () => {});
    abort.removeListener('abort', listener);
    abort.abort('x');
    expect(calls).toBe(0);
  });

  it('a listener added after the abort is not kept (callers check `aborted` first, as undici does)', () => {
    const abort = new UpstreamAbort();
    abort.abort('x');
    abort.once('abort', () => {});
    expect(abort.listenerCount()).toBe(0);
  });

  it('a throwing listener does not stop the others; its error is reported, not swallowed', async () => {
    const abort = new UpstreamAbort();
    const reported: unknown[] = [];
    const onError = (error: unknown) => reported.push(error);
    process.prependListener('uncaughtException', onError);
    try {
      let second = false;
      abort.once('abort', () => {
        throw new Error('listener failed');
      });
      abort.once('abort', () => (second = true));
      abort.abort('x');
      expect(second).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reported).toEqual([new Error('listener failed')]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('its signal is made on first use and aborts with the handle, with the same reason', () => {
    const abort = new UpstreamAbort();
    const signal = abort.signal;
    expect(abort.signal).toBe(signal);
    let fired: unknown = null;
    signal.addEventListener('abort', () => (fired = signal.reason));
    const reason = new DOMException('cut', 'TimeoutError');
    abort.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(fired).toBe(reason);
  });

  it('a signal asked for after the abort is aborted already', () => {
    const abort = new UpstreamAbort();
    abort.abort('late');
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe('late');
  });
});
