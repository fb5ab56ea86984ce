// Sends the chat request upstream with the pool's next key. A key the upstream answers 401/429 for is benched;
// since nothing of that answer reached the client yet, the same request goes once more, with another key.
import type { KeyPool } from '../upstream/keys.js';
import { retryAfterMs } from '../upstream/keys.js';
import type { UpstreamTarget } from '../settings/providers.js';
import { chatCompletionsURL, upstreamHeaders } from '../upstream/http.js';
import { fetchFastPath } from '../fast-path.js';
import { UpstreamAbort } from './upstream-abort.js';

export interface UpstreamRequest {
  fetch: typeof globalThis.fetch;
  target: UpstreamTarget;
  keys: KeyPool;
  /** Wall clock, for benching keys. */
  now: () => number;
  stream: boolean;
  payload: string;
  /** The exchange's handle (a fetch with the fast path takes it as is, others get its signal) or a signal. */
  signal: AbortSignal | UpstreamAbort;
  /** Each upstream answer, as it arrives (before a retry too). */
  answered(): void;
  /** The exchange ended meanwhile: give up (the answer is dropped). */
  finished(): boolean;
}

/** The upstream's answer (null when the exchange ended meanwhile); rejects as fetch does. */
export async function fetchWithKeyRotation(request: UpstreamRequest): Promise<Response | null> {
  const { fetch, target, keys, now } = request;
  const accept = request.stream ? 'text/event-stream' : 'application/json';
  const handle = request.signal instanceof UpstreamAbort ? request.signal : null;
  const withHandle = handle && fetchFastPath(fetch);
  let key = keys.next(now());
  for (let attempt = 0; ; attempt++) {
    const init: RequestInit = {
      method: 'POST',
      headers: upstreamHeaders(target, key, accept, true),
      body: request.payload,
    };
    const url = chatCompletionsURL(target);
    let res: Response;
    if (withHandle) res = await withHandle(url, init, handle!);
    else {
      init.signal = handle ? handle.signal : (request.signal as AbortSignal);
      res = await fetch(url, init);
    }
    if (request.finished()) {
      res.body?.cancel().catch(() => {});
      return null;
    }
    request.answered();
    if ((res.status === 401 || res.status === 429) && key) {
      const t = now();
      keys.bench(key, t, res.status === 429 ? retryAfterMs(res.headers.get('retry-after'), t) : undefined);
      if (attempt === 0 && keys.hasAlternative(key, t)) {
        res.body?.cancel().catch(() => {});
        key = keys.next(t, key);
        continue;
      }
    }
    return res;
  }
}
