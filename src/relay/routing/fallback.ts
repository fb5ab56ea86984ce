// Connects a chat request through its tries (tries.ts): on a connect error, no headers within the fallback timeout,
// a 429 or a 5xx, the next model is tried — only before anything reached the client, since the exchange holds its
// early commit while a try is left (holding()). Every try is noted for the request log.
import { fetchWithKeyRotation, type UpstreamRequest } from '../exchange/key-rotation.js';
import type { UpstreamTry } from './tries.js';

export type ConnectAttempt = Pick<UpstreamRequest, 'stream' | 'answered' | 'finished'> & { signal: AbortSignal };

export interface FallbackOptions {
  fetch: typeof globalThis.fetch;
  now: () => number;
  /** How long a try that has a next one may take to send its headers. */
  headerTimeoutMs: number;
  /** Each try's outcome, e.g. "gpt-4o@openai 503". */
  note(entry: string): void;
}

export interface FallbackConnector {
  connect(attempt: ConnectAttempt): Promise<Response | null>;
  /** A later try is still possible (so the response must not be committed yet). */
  holding(): boolean;
  /** The try that answered (or is being tried). */
  current(): UpstreamTry;
}

const label = (t: UpstreamTry) => (t.provider ? `${t.model}@${t.provider}` : t.model);

export function fallbackConnector(tries: readonly UpstreamTry[], options: FallbackOptions): FallbackConnector {
  let index = 0;
  let answered = false;
  return {
    holding: () => !answered && index < tries.length - 1,
    current: () => tries[index]!,
    async connect(attempt) {
      for (; ; index++) {
        const t = tries[index]!;
        const last = index === tries.length - 1;
        // Its own controller, cleared once headers came: a timer signal would also cut the body later.
        const controller = new AbortController();
        const cancel = () => controller.abort(attempt.signal.reason);
        attempt.signal.addEventListener('abort', cancel, { once: true });
        let timedOut = false;
        const timer = last
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              controller.abort(new DOMException('no headers in time', 'TimeoutError'));
            }, options.headerTimeoutMs);
        let res: Response | null;
        try {
          res = await fetchWithKeyRotation({
            fetch: options.fetch,
            target: t.target,
            keys: t.keys,
            now: options.now,
            stream: attempt.stream,
            payload: t.payload,
            signal: attempt.signal.aborted ? attempt.signal : controller.signal,
            answered: attempt.answered,
            finished: attempt.finished,
          });
        } catch (error) {
          if (last || attempt.signal.aborted) throw error;
          attempt.signal.removeEventListener('abort', cancel);
          options.note(`${label(t)} ${timedOut ? 'timeout' : 'unreachable'}`);
          continue;
        } finally {
          clearTimeout(timer);
          if (last) attempt.signal.removeEventListener('abort', cancel);
        }
        if (!res) return null;
        if (!last && (res.status === 429 || res.status >= 500)) {
          res.body?.cancel().catch(() => {});
          attempt.signal.removeEventListener('abort', cancel);
          options.note(`${label(t)} ${res.status}`);
          continue;
        }
        answered = true;
        options.note(`${label(t)} ${res.status}`);
        return res;
      }
    },
  };
}
