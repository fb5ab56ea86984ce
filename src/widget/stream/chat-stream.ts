// Streams one chat completion from the relay (or any OpenAI-compatible endpoint) over SSE.
//
// @microsoft/fetch-event-source is configured against its known traps:
//  - openWhenHidden: true — by default it aborts on tab hide and RE-SENDS the POST on show (billed twice);
//  - onerror rethrows — by default it retries any failure forever, re-sending the POST each time;
//  - onopen checks status and content-type — a JSON error (or an HTML error page) is read and thrown as a
//    ChatError instead of being retried; a 200 JSON completion (a host that ignored stream:true) is accepted;
//  - a caller's AbortSignal makes it *resolve* silently, so streamChat checks the signal and rejects with a
//    ChatError of kind 'aborted' instead (the caller keeps the partial reply);
//  - a stream that closes without [DONE] or a finish_reason was cut short: rejected as kind 'network'
//    (code 'stream_interrupted') so the partial reply is marked, not passed off as complete.
//
// Contract: onDelta for each piece of content/reasoning, onUsage when the endpoint reports usage, then
// onFinish exactly once (with the last finish_reason seen, or null after a bare [DONE]) before the promise
// resolves. On any failure the promise rejects with a ChatError and onFinish is not called.
import { fetchEventSource, EventStreamContentType } from '@microsoft/fetch-event-source';
import type { ChatCompletion, ChatCompletionRequest, FinishReason, Usage } from '../../shared/openai.js';
import { ChatError, errorFromResponse, kindForCode, kindForMessage, kindForStatus } from './chat-error.js';
import { interpretSseData, type SseAction } from './sse-dialect.js';

export { ChatError } from './chat-error.js';

export interface StreamDelta {
  content?: string;
  reasoning?: string;
}

export interface StreamChatOptions {
  endpoint: string;
  body: ChatCompletionRequest;
  /** Sent as `Authorization: Bearer …` (the relay's access code), never an upstream key. */
  accessToken?: string;
  signal: AbortSignal;
  onDelta(delta: StreamDelta): void;
  /** Usage, and the model id the chunk named (when it did). */
  onUsage?(usage: Usage, model?: string): void;
  onFinish(reason: FinishReason | string | null): void;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** Thrown from onopen to carry a non-streamed (but successful) completion out of fetch-event-source. */
class WholeCompletion {
  constructor(readonly completion: ChatCompletion) {}
}

export async function streamChat(opts: StreamChatOptions): Promise<void> {
  if (opts.signal.aborted) throw ChatError.classify(undefined, opts.signal);
  // Our own controller: ends the request after [DONE] (some hosts keep the socket open) and on the caller's abort.
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort();
  opts.signal.addEventListener('abort', onCallerAbort, { once: true });

  let finishReason: string | null = null;
  let ended = false; // [DONE] or a finish_reason seen
  let doneSeen = false;

  const apply = (action: SseAction) => {
    switch (action.type) {
      case 'delta': {
        const delta: StreamDelta = {};
        if (action.content) delta.content = action.content;
        if (action.reasoning) delta.reasoning = action.reasoning;
        opts.onDelta(delta);
        break;
      }
      case 'usage':
        opts.onUsage?.(action.usage, action.model);
        break;
      case 'finish':
        finishReason = action.reason;
        ended = true;
        break;
      case 'error': {
        const status = action.error.status ?? null;
        throw new ChatError(action.error.message, {
          kind:
            kindForCode(action.error.code, action.error.type) ??
            kindForMessage(action.error.message) ??
            (status && status !== 200 && kindForStatus(status) !== 'upstream' ? kindForStatus(status) : 'upstream'),
          status,
          code: action.error.code,
        });
      }
      case 'done':
        ended = true;
        doneSeen = true;
        break;
    }
  };

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: EventStreamContentType,
    ...opts.headers,
  };
  if (opts.accessToken) headers.authorization = `Bearer ${opts.accessToken}`;

  try {
    await fetchEventSource(opts.endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...opts.body, stream: true }),
      signal: controller.signal,
      openWhenHidden: true,
      // No redirects: one could carry the conversation and access token to another origin.
      fetch: (input, init) => globalThis.fetch(input, { ...init, redirect: 'error' }),
      async onopen(response) {
        const type = response.headers.get('content-type') ?? '';
        if (response.ok && type.startsWith(EventStreamContentType)) return;
        const text = await response.text().catch(() => '');
        if (response.ok && type.includes('json')) {
          const completion = parseCompletion(text);
          if (completion) throw new WholeCompletion(completion);
        }
        throw errorFromResponse(response.status, response.headers, text);
      },
      onmessage(message) {
        if (doneSeen) return;
        for (const action of interpretSseData(message.data, message.event)) {
          apply(action);
          if (doneSeen) {
            controller.abort(); // stop reading; the reply is complete
            return;
          }
        }
      },
      onclose() {
        if (!ended && !controller.signal.aborted) {
          throw new ChatError('The reply stream ended before the reply was complete.', {
            kind: 'network',
            code: 'stream_interrupted',
          });
        }
      },
      onerror(error) {
        // Never retry: the request is a POST that the upstream bills.
        throw error;
      },
    });
  } catch (error) {
    if (error instanceof WholeCompletion) {
      deliverWhole(error.completion, opts);
      return;
    }
    throw ChatError.classify(error, opts.signal);
  } finally {
    opts.signal.removeEventListener('abort', onCallerAbort);
  }
  if (opts.signal.aborted) throw ChatError.classify(undefined, opts.signal);
  if (!ended) {
    throw new ChatError('The reply stream ended before the reply was complete.', {
      kind: 'network',
      code: 'stream_interrupted',
    });
  }
  opts.onFinish(finishReason);
}

function parseCompletion(text: string): ChatCompletion | null {
  try {
    const body = JSON.parse(text) as ChatCompletion;
    return Array.isArray(body?.choices) && body.choices[0]?.message ? body : null;
  } catch {
    return null;
  }
}

function deliverWhole(completion: ChatCompletion, opts: StreamChatOptions): void {
  const choice = completion.choices[0]!;
  const delta: StreamDelta = {};
  if (choice.message.reasoning_content) delta.reasoning = choice.message.reasoning_content;
  if (choice.message.content) delta.content = choice.message.content;
  if (delta.content || delta.reasoning) opts.onDelta(delta);
  if (completion.usage) opts.onUsage?.(completion.usage, completion.model || undefined);
  opts.onFinish(choice.finish_reason ?? 'stop');
}
