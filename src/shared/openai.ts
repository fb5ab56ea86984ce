// The one place for the OpenAI chat-completions protocol types shared by the relay and the widget.
// Only the fields gpt-chat reads or writes are typed; everything else passes through untouched.

export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'developer';

/** A text part of a multi-part user message. */
export interface TextContentPart {
  type: 'text';
  text: string;
}

/**
 * An image part: `url` is a `data:image/(png|jpeg|webp|gif);base64,…` URL or an `https:` URL (the relay refuses
 * anything else, see src/relay/guards/image-parts.ts).
 */
export interface ImageContentPart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

/** The content parts gpt-chat sends; other part types pass through the relay untouched. */
export type ContentPart = TextContentPart | ImageContentPart;

export interface ChatMessage {
  role: Role;
  content: string | null | Array<ContentPart | { type: string; [key: string]: unknown }>;
  name?: string;
  [key: string]: unknown;
}

export interface ChatCompletionRequest {
  model?: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean; [key: string]: unknown };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  [key: string]: unknown;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [key: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'function_call' | null;

export interface ChatCompletionChunk {
  id?: string;
  object?: 'chat.completion.chunk';
  created?: number;
  model?: string;
  choices: Array<{
    index: number;
    delta: { role?: Role; content?: string | null; reasoning_content?: string | null; [key: string]: unknown };
    finish_reason?: FinishReason;
  }>;
  usage?: Usage | null;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; reasoning_content?: string | null };
    finish_reason: FinishReason;
  }>;
  usage?: Usage;
}

export interface ModelList {
  object: 'list';
  data: Array<{ id: string; object: 'model'; created?: number; owned_by?: string }>;
}

/** The error body every OpenAI-compatible API (and the relay) answers with. */
export interface ErrorBody {
  error: {
    message: string;
    type: string;
    code: string | number | null;
    param?: string | null;
  };
}

/** The id of the built-in model the relay answers with when no upstream key is configured. */
export const DEMO_MODEL = 'demo';
