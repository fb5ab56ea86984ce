// Chooses how much history to send: the newest messages that fit `context-limit`, the system prompt always.
//
// The budget is in APPROXIMATE TOKENS, estimated without a tokenizer (which would cost more bundle than the
// whole widget): 1 per CJK character (Han, kana, Hangul, full-width punctuation — tokenizers spend about
// one token each on these), 1 per 4 other characters, plus 4 per message for the role framing. It
// over-counts English slightly, which is the safe direction.
//
// Never sent: reasoning/thinking (also a <think> block left inside content), error entries, greeting
// entries, empty assistant placeholders. Only role + content go out.
import type { ChatMessage } from '../../shared/openai.js';
import { splitThink } from '../stream/think.js';

export interface TrimmableMessage {
  role: ChatMessage['role'];
  content: ChatMessage['content'];
  status?: string;
  greeting?: boolean;
  reasoning?: string;
  /** Images and files: each counts its estimated tokens (an image a fixed IMAGE_TOKENS). */
  attachments?: ReadonlyArray<{ tokens: number }>;
}

export interface TrimResult {
  /** What to send after the system prompt (the caller puts the system prompt first). */
  messages: ChatMessage[];
  /**
   * How many messages at the start of the input were left out: `input[trimmedCount]` is the oldest one
   * sent (0 = nothing trimmed). Use it to draw the "older messages not sent" divider.
   */
  trimmedCount: number;
  /** For each message in `messages`, its index in the input (to add its attachments' parts). */
  indices: number[];
}

export const MESSAGE_OVERHEAD = 4;

/** Approximate token count of a text (see the file comment). */
export function estimateTokens(text: string): number {
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c >= 0x2e80 && c <= 0x9fff) || // CJK radicals, kana, CJK symbols & punctuation, unified ideographs
      (c >= 0xac00 && c <= 0xd7af) || // Hangul syllables
      (c >= 0xf900 && c <= 0xfaff) || // compatibility ideographs
      (c >= 0xff00 && c <= 0xffef) // full-width forms
    ) {
      cjk++;
    }
  }
  return cjk + Math.ceil((text.length - cjk) / 4);
}

function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (content === null) return '';
  return JSON.stringify(content);
}

export function messageTokens(message: Pick<TrimmableMessage, 'content' | 'attachments'>): number {
  let tokens = MESSAGE_OVERHEAD + estimateTokens(contentText(message.content));
  for (const attachment of message.attachments ?? []) tokens += attachment.tokens;
  return tokens;
}

/**
 * @param messages    the conversation, oldest first (without the system prompt)
 * @param contextLimit budget in approximate tokens; 0, negative or non-finite = no limit
 * @param systemPrompt counted against the budget first (it is always sent)
 */
export function trimHistory(
  messages: readonly TrimmableMessage[],
  contextLimit: number,
  systemPrompt = '',
): TrimResult {
  const eligible: Array<{ index: number; message: ChatMessage; cost: number }> = [];
  messages.forEach((m, index) => {
    if (m.greeting || m.status === 'error') return;
    let content = m.content;
    if (m.role === 'assistant' && typeof content === 'string') content = splitThink(content).content;
    if (m.role === 'assistant' && (content === null || content === '')) return;
    const message = { role: m.role, content };
    eligible.push({ index, message, cost: messageTokens({ content, attachments: m.attachments }) });
  });
  const unlimited = !(contextLimit > 0) || !Number.isFinite(contextLimit);
  let budget = unlimited ? Infinity : contextLimit - (systemPrompt ? messageTokens({ content: systemPrompt }) : 0);
  let first = eligible.length;
  for (let k = eligible.length - 1; k >= 0; k--) {
    const { message, cost } = eligible[k]!;
    if (message.role === 'system') continue; // counted below, always kept
    // The newest message always goes, even alone over budget: it is the question being asked.
    if (cost > budget && k !== eligible.length - 1) break;
    budget -= cost;
    first = k;
  }
  // Many APIs reject a history that starts with an assistant turn: start at a user message when one follows.
  while (
    first < eligible.length - 1 &&
    eligible[first]!.message.role === 'assistant' &&
    eligible.slice(first).some((e) => e.message.role === 'user')
  ) {
    first++;
  }
  const kept = eligible.filter((e, k) => k >= first || e.message.role === 'system');
  const firstIndex = eligible[first]?.index ?? messages.length;
  const trimmedCount = eligible.slice(0, first).some((e) => e.message.role !== 'system') ? firstIndex : 0;
  return { messages: kept.map((e) => e.message), trimmedCount, indices: kept.map((e) => e.index) };
}
