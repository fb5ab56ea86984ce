// Pure chat-list logic: creating chats, auto-titles (first words, and the model-title request and its cleaning),
// search and ordering.
import { newId } from './personas.js';
import type { Chat, ChatEntry, Persona } from './types.js';

const TITLE_MAX = 40;

export function createChat(persona: Persona, defaultModel: string, now = Date.now()): Chat {
  const chat: Chat = {
    id: newId('c'),
    title: '',
    personaId: persona.id,
    prompt: persona.prompt,
    messages: [],
    createdAt: now,
    updatedAt: now,
  };
  const model = persona.model || defaultModel;
  if (model) chat.model = model;
  if (typeof persona.temperature === 'number') chat.temperature = persona.temperature;
  return chat;
}

export function messageText(m: ChatEntry): string {
  return typeof m.content === 'string' ? m.content : '';
}

/** Same conversation? Cheap: the element hands out fresh copies, so compare the fields that matter. */
export function sameMessages(a: readonly ChatEntry[], b: readonly ChatEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((m, i) => {
    const o = b[i]!;
    return (
      m.id === o.id &&
      m.role === o.role &&
      m.content === o.content &&
      m.status === o.status &&
      m.reasoning === o.reasoning
    );
  });
}

/** Same versions? As sameMessages, node by node, with each node's place (parent, chosen child) in the tree. */
export function sameVersions(a: Chat['versions'], b: Chat['versions']): boolean {
  if (!a || !b) return a === b;
  if (a.chosenRoot !== b.chosenRoot || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const o = b.nodes[i]!;
    return n.parent === o.parent && n.chosen === o.chosen && sameMessages([n.message], [o.message]);
  });
}

/**
 * The title of a chat from its first user message: first line, whitespace collapsed, cut at 40 characters
 * (by code point, so an emoji or a CJK character is never split). No extra upstream call.
 */
export function titleFrom(messages: readonly ChatEntry[]): string {
  const first = messages.find((m) => m.role === 'user');
  if (!first) return '';
  const line = messageText(first).trim().split(/\r?\n/)[0] ?? '';
  const text = line.replace(/\s+/g, ' ').trim();
  const chars = [...text];
  return chars.length > TITLE_MAX
    ? `${chars
        .slice(0, TITLE_MAX - 1)
        .join('')
        .trimEnd()}…`
    : text;
}

/** Applies new messages to a chat: bumps updatedAt only on a real change, auto-titles unless renamed. */
export function withMessages(chat: Chat, messages: ChatEntry[], now = Date.now()): Chat {
  if (sameMessages(messages, chat.messages)) return chat;
  const next: Chat = { ...chat, messages, updatedAt: now };
  if (!chat.titleEdited && !chat.title) next.title = titleFrom(messages);
  return next;
}

const TITLE_INSTRUCTION =
  'Give a title of at most 6 words for this conversation, in its language, without quotes or punctuation at the end. ' +
  'Answer with the title only.';
const TITLE_INPUT_MAX = 1000;
const MODEL_TITLE_MAX = 60;
/** Longer than this, an answer is not a title (the relay's demo model answers anything with its whole showcase). */
const TITLE_ANSWER_MAX = 200;

const cut = (text: string, max: number) => [...text].slice(0, max).join('');

/**
 * The first user message and the first reply, when the chat is at its first finished reply and may still be titled
 * by the model (not renamed, not asked before). Null otherwise.
 */
export function titleSource(chat: Chat): { user: string; reply: string } | null {
  if (chat.titleEdited || chat.titleAsked) return null;
  const replies = chat.messages.filter((m) => m.role === 'assistant');
  const user = chat.messages.find((m) => m.role === 'user');
  const reply = replies[0];
  if (replies.length !== 1 || !user || !reply || reply.status === 'streaming' || reply.status === 'error') return null;
  const u = messageText(user).trim();
  const r = messageText(reply).trim();
  return u && r ? { user: u, reply: r } : null;
}

/**
 * The body of the title request: only fields the relay lets through, non-streaming, a small token budget. Without a
 * chat model the relay uses its default, as it did for the reply.
 */
export function titleRequest(model: string | undefined, source: { user: string; reply: string }) {
  return {
    ...(model ? { model } : {}),
    messages: [
      { role: 'system', content: TITLE_INSTRUCTION },
      { role: 'user', content: cut(source.user, TITLE_INPUT_MAX) },
      { role: 'assistant', content: cut(source.reply, TITLE_INPUT_MAX) },
      { role: 'user', content: TITLE_INSTRUCTION },
    ],
    max_tokens: 24,
    stream: false,
  };
}

/**
 * The model's answer made into a title: one line, no Markdown, quotes or trailing punctuation, at most 60 characters.
 * '' when the answer is not a title (empty, or several lines / a long text: a showcase rather than a name).
 */
export function cleanTitle(answer: string): string {
  const raw = answer.trim();
  const lines = raw.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length !== 1 || [...raw].length > TITLE_ANSWER_MAX) return '';
  let text = lines[0]!
    .replace(/^\s*(?:#{1,6}\s+|[-*+>]\s+)/, '')
    .replace(/^\s*(?:title|标题)\s*[:：]\s*/i, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const quotes = /^["'“”‘’«»「」『』《》]+|["'“”‘’«»「」『』《》]+$/gu;
  const trailing = /[\s.,;:!?。，；：！？、…]+$/u;
  for (let i = 0; i < 3; i++) text = text.replace(quotes, '').replace(trailing, '').trim();
  const chars = [...text];
  return chars.length > MODEL_TITLE_MAX
    ? `${chars
        .slice(0, MODEL_TITLE_MAX - 1)
        .join('')
        .trimEnd()}…`
    : text;
}

/** Newest first (by last activity). */
/**
 * When the chat last had something new: its newest message's start, else its creation. A reply that streams or
 * fails later does not move it, so the list holds still under the pointer while chats reply in the background.
 */
export function activityAt(chat: Chat): number {
  let at = chat.createdAt;
  for (const m of chat.messages) if (m.createdAt > at) at = m.createdAt;
  return at;
}

/** Newest activity first (activityAt), then the last change. */
export function sortChats(chats: Chat[]): Chat[] {
  const keyed = chats.map((chat) => ({ chat, at: activityAt(chat) }));
  keyed.sort((a, b) => b.at - a.at || b.chat.updatedAt - a.chat.updatedAt || b.chat.createdAt - a.chat.createdAt);
  return keyed.map((k) => k.chat);
}

/** Case-insensitive match on the title and the message text; every word of the query must occur. */
export function searchChats(chats: Chat[], query: string): Chat[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return chats;
  return chats.filter((chat) => {
    const hay = `${chat.title}\n${chat.messages.map(messageText).join('\n')}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export type DateGroup = 'today' | 'yesterday' | 'week' | 'older';

/** Which sidebar section a chat falls in, by its last activity (activityAt) in the viewer's local time. */
export function dateGroup(at: number, now = Date.now()): DateGroup {
  const startOfToday = new Date(now);
  startOfToday.setHours(0, 0, 0, 0);
  const day = 86_400_000;
  if (at >= startOfToday.getTime()) return 'today';
  if (at >= startOfToday.getTime() - day) return 'yesterday';
  if (at >= startOfToday.getTime() - 6 * day) return 'week';
  return 'older';
}
