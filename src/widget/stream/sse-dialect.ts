// Interprets one Server-Sent Event's data from any OpenAI-compatible stream. Pure: no I/O, no state.
// Dialects covered:
//  - `data: [DONE]` ends the stream (OpenAI and nearly everyone);
//  - chunks with `choices: []`: Azure's first (content-filter) chunk, and the usage chunk that
//    `stream_options.include_usage` adds at the end;
//  - `delta.reasoning_content` (DeepSeek, Qwen, vLLM) and `delta.reasoning` (OpenRouter) → reasoning;
//  - an in-stream error object, either `{"error":{…}}` (OpenAI, OpenRouter, the relay) or the flat
//    `{"object":"error","message":…}` (vLLM), or an `event: error` event;
//  - `finish_reason` ("length" = cut off, "content_filter", …), possibly in the same chunk as content/usage.
// SSE comments (`: heartbeat`, OpenRouter's `: OPENROUTER PROCESSING`) never reach this function.
//
// One event can carry several things (content + finish_reason + usage), so the result is a list of actions.
// Malformed JSON is ignored (an empty list): some hosts send non-JSON keep-alive data; a stream that sends
// nothing usable ends without a finish and is reported by chat-stream.ts as cut short.
import type { ChatCompletionChunk, FinishReason, Usage } from '../../shared/openai.js';

export interface StreamErrorInfo {
  status?: number;
  code: string | null;
  message: string;
  type: string | null;
}

export type SseAction =
  | { type: 'delta'; content?: string; reasoning?: string }
  | { type: 'usage'; usage: Usage; model?: string }
  | { type: 'finish'; reason: Exclude<FinishReason, null> | string }
  | { type: 'error'; error: StreamErrorInfo }
  | { type: 'done' };

export function interpretSseData(data: string, event?: string): SseAction[] {
  const trimmed = data.trim();
  if (trimmed === '[DONE]') return [{ type: 'done' }];
  if (!trimmed) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    if (event === 'error') return [{ type: 'error', error: { code: null, message: trimmed, type: null } }];
    return [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const obj = parsed as Record<string, unknown>;

  const error = readError(obj, event === 'error');
  if (error) return [{ type: 'error', error }];

  const actions: SseAction[] = [];
  const chunk = obj as unknown as ChatCompletionChunk;
  const choice = Array.isArray(chunk.choices)
    ? (chunk.choices.find((c) => (c?.index ?? 0) === 0) ?? chunk.choices[0])
    : undefined;
  if (choice) {
    const delta = (choice.delta ??
      (choice as unknown as { message?: ChatCompletionChunk['choices'][0]['delta'] }).message) as
      ChatCompletionChunk['choices'][0]['delta'] | undefined;
    const content = typeof delta?.content === 'string' ? delta.content : '';
    const reasoningValue = delta?.reasoning_content ?? delta?.reasoning;
    const reasoning = typeof reasoningValue === 'string' ? reasoningValue : '';
    if (content || reasoning) {
      const action: SseAction = { type: 'delta' };
      if (content) action.content = content;
      if (reasoning) action.reasoning = reasoning;
      actions.push(action);
    }
  }
  const usage = readUsage(obj);
  // The model that answered (the relay or a router may pick another than asked): what its price is looked up by.
  if (usage)
    actions.push(
      typeof obj.model === 'string' && obj.model
        ? { type: 'usage', usage, model: obj.model }
        : { type: 'usage', usage },
    );
  if (choice?.finish_reason) actions.push({ type: 'finish', reason: choice.finish_reason });
  return actions;
}

function readUsage(obj: Record<string, unknown>): Usage | null {
  // Groq puts it under x_groq.usage; everyone else at the top level.
  const candidate = (obj.usage ?? (obj.x_groq as Record<string, unknown> | undefined)?.usage) as
    Usage | null | undefined;
  if (!candidate || typeof candidate !== 'object') return null;
  if (typeof candidate.prompt_tokens !== 'number' && typeof candidate.completion_tokens !== 'number') return null;
  return candidate;
}

function readError(obj: Record<string, unknown>, isErrorEvent: boolean): StreamErrorInfo | null {
  if (obj.error !== undefined && obj.error !== null) {
    const e = obj.error;
    if (typeof e === 'string') return { code: null, message: e, type: null };
    if (typeof e === 'object') {
      const err = e as Record<string, unknown>;
      return toInfo(err, obj);
    }
  }
  if (obj.object === 'error' || (isErrorEvent && typeof obj.message === 'string')) return toInfo(obj, obj);
  return null;
}

function toInfo(err: Record<string, unknown>, outer: Record<string, unknown>): StreamErrorInfo {
  const rawCode = err.code ?? null;
  const statusCandidate = [
    err.status,
    outer.status,
    err.status_code,
    typeof rawCode === 'number' ? rawCode : undefined,
  ].find((v) => typeof v === 'number' && v >= 100 && v < 600) as number | undefined;
  const info: StreamErrorInfo = {
    code: rawCode === null || rawCode === undefined ? null : String(rawCode),
    message: typeof err.message === 'string' && err.message ? err.message : 'The model stopped with an error.',
    type: typeof err.type === 'string' ? err.type : null,
  };
  if (statusCandidate !== undefined) info.status = statusCandidate;
  return info;
}
