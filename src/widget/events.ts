// Typed events of <gpt-chat>. All bubble and are composed, so a page can listen on document.
import type { Usage } from '../shared/openai.js';

export interface GptChatSendDetail {
  /** The user's text as sent. */
  text: string;
}

export interface GptChatResponseDetail {
  /** The finished reply text (without the thinking part). */
  content: string;
  /** The model's thinking text, when the model streamed one (never sent back upstream). */
  reasoning: string;
  /** Why the reply ended: 'stop', 'length', … (null when unknown). */
  finishReason: string | null;
  /** Token usage, when the endpoint reported it. */
  usage?: Usage;
}

export interface GptChatErrorDetail {
  /** HTTP status (0 for network failures and in-stream errors without one). */
  status: number;
  /** Machine-readable code from the error body, when present. */
  code: string | null;
  /** A human-readable message in the widget's language. */
  message: string;
  /**
   * Error class: 'auth' (access code needed or refused) | 'upstream-auth' (the provider refused the relay's key) |
   * 'forbidden' | 'too-large' | 'rate-limit' | 'quota' (provider credit used up) | 'server' | 'network' |
   * 'bad-request' | 'upstream'.
   */
  kind: string;
}

export interface GptChatStopDetail {
  /** The partial reply kept in the conversation. */
  content: string;
}

export interface GptChatMessagesChangeDetail {
  /** The conversation after the change (a copy). */
  messages: readonly unknown[];
}

export type GptChatSendEvent = CustomEvent<GptChatSendDetail>;
export type GptChatResponseEvent = CustomEvent<GptChatResponseDetail>;
export type GptChatErrorEvent = CustomEvent<GptChatErrorDetail>;
export type GptChatStopEvent = CustomEvent<GptChatStopDetail>;
export type GptChatMessagesChangeEvent = CustomEvent<GptChatMessagesChangeDetail>;

export interface GptChatEventMap {
  'gpt-chat-send': GptChatSendEvent;
  'gpt-chat-response': GptChatResponseEvent;
  'gpt-chat-error': GptChatErrorEvent;
  'gpt-chat-stop': GptChatStopEvent;
  'gpt-chat-messages-change': GptChatMessagesChangeEvent;
}

declare global {
  // Merges the element's events into every HTMLElement's map (typed addEventListener); nothing of its own.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends GptChatEventMap {}
}

/** Dispatches a bubbling, composed event. */
export function emit<K extends keyof GptChatEventMap>(
  target: EventTarget,
  type: K,
  detail: GptChatEventMap[K]['detail'],
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
