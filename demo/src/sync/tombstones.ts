// A chat's message delete marks, so a delete on one device reaches the others instead of the merge bringing the
// message back: id → when it was deleted, or when that delete was undone (restored). The latest mark wins.
import type { Chat, MessageMark } from '../types.js';
import { nodesOf } from './chat-tree.js';

type Marks = NonNullable<Chat['deletedMessages']>;

const later = (a: MessageMark, b: MessageMark): MessageMark =>
  a.at !== b.at ? (a.at > b.at ? a : b) : a.restored ? a : b; // a tie keeps the message

export function mergeMarks(a: Marks = {}, b: Marks = {}): Marks {
  const out: Marks = { ...a };
  for (const [id, mark] of Object.entries(b)) out[id] = out[id] ? later(out[id], mark) : mark;
  return out;
}

export const isDeleted = (marks: Marks, id: string): boolean => Boolean(marks[id] && !marks[id].restored);

/**
 * `next` with marks for the messages it lost since `previous` (deleted now) and for deleted ones it holds again
 * (restored now); `next` itself when neither happened.
 */
export function markChanges(previous: Chat, next: Chat, now = Date.now()): Chat {
  const before = new Set(nodesOf(previous).nodes.map((n) => n.id));
  const after = new Set(nodesOf(next).nodes.map((n) => n.id));
  const marks = mergeMarks(previous.deletedMessages, next.deletedMessages);
  let changed = false;
  for (const id of before)
    if (!after.has(id)) {
      marks[id] = { at: now };
      changed = true;
    }
  for (const id of after)
    if (isDeleted(marks, id)) {
      marks[id] = { at: now, restored: true };
      changed = true;
    }
  return changed ? { ...next, deletedMessages: marks } : next;
}
