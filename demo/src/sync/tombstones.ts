// A chat's message delete marks, so a delete on one device reaches the others instead of the merge bringing the
// message back: id → when it was deleted, or when that delete was undone (restored). The latest mark wins.
import type { Chat, MessageMark } from '../types.js';

type Marks = NonNullable<Chat['deletedMessages']>;

const later = (a: MessageMark, b: MessageMark): MessageMark =>
  a.at !== b.at ? (a.at > b.at ? a : b) : a.restored ? a : b; // a tie keeps the message

export function mergeMarks(a: Marks = {}, b: Marks = {}): Marks {
  const out: Marks = { ...a };
  for (const [id, mark] of Object.entries(b)) out[id] = out[id] ? later(out[id], mark) : mark;
  return out;
}

export const isDeleted = (marks: Marks, id: string): boolean => Boolean(marks[id] && !marks[id].restored);

/** `chat` with the messages in `gone` marked deleted now and those in `back` that were deleted marked restored. */
export function markEdits(chat: Chat, edits: { gone: string[]; back: string[] }, now = Date.now()): Chat {
  const marks = chat.deletedMessages ?? {};
  const restored = edits.back.filter((id) => isDeleted(marks, id));
  if (!edits.gone.length && !restored.length) return chat;
  const next: Marks = { ...marks };
  for (const id of edits.gone) next[id] = { at: now };
  for (const id of restored) next[id] = { at: now, restored: true };
  return { ...chat, deletedMessages: next };
}
