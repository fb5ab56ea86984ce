// Pure chat-list logic: creating chats, auto-titles, search and ordering.
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

/** A reply saved while it streamed (the tab closed mid-reply) is shown as interrupted, not as still typing. */
export function settleMessages(messages: ChatEntry[]): ChatEntry[] {
  return messages.map((m) => (m.status === 'streaming' ? { ...m, status: 'interrupted' as const } : m));
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

/** Newest first (by last activity). */
export function sortChats(chats: Chat[]): Chat[] {
  return [...chats].sort((a, b) => b.updatedAt - a.updatedAt || b.createdAt - a.createdAt);
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

/** Which sidebar section a chat falls in, by its last activity in the viewer's local time. */
export function dateGroup(updatedAt: number, now = Date.now()): DateGroup {
  const startOfToday = new Date(now);
  startOfToday.setHours(0, 0, 0, 0);
  const day = 86_400_000;
  if (updatedAt >= startOfToday.getTime()) return 'today';
  if (updatedAt >= startOfToday.getTime() - day) return 'yesterday';
  if (updatedAt >= startOfToday.getTime() - 6 * day) return 'week';
  return 'older';
}
