// The CLI's upstream fetch (runtimes/node/upstream-fetch.ts, request engine) for relay tests, noting what each
// upstream request was given to abort it: the plain handle through the fast path, or a web AbortSignal.
import { attachFetchFastPath, fetchFastPath, type AbortHandle } from '../../../src/relay/fast-path.js';
import { createUpstreamFetch } from '../../../src/relay/runtimes/node/upstream-fetch.js';

export interface NodeFetch {
  fetch: typeof globalThis.fetch;
  /** The abort handles the relay passed through the fast path, in order. */
  handles: AbortHandle[];
  /** Signals passed the standard way (init.signal), in order. */
  signals: (AbortSignal | undefined)[];
  destroy(): Promise<void>;
}

export function nodeFetch(options: { timeoutSeconds?: number } = {}): NodeFetch {
  const upstream = createUpstreamFetch({ env: {}, ...options });
  const withHandle = fetchFastPath(upstream.fetch)!;
  const handles: AbortHandle[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    signals.push(init?.signal ?? undefined);
    return upstream.fetch(input, init);
  }) as typeof globalThis.fetch;
  attachFetchFastPath(fetch, (input, init, abort) => {
    handles.push(abort);
    return withHandle(input, init, abort);
  });
  return { fetch, handles, signals, destroy: () => upstream.destroy() };
}
