// Merging two copies of a chat changed on two devices: messages are united by id (none is ever dropped), a message
// both copies hold is taken from the copy edited last, and the chat's own fields too. Generic over message shape:
// any nested list of id'd items (e.g. a message's versions) is united the same way.
import type { Chat, Persona } from '../types.js';

interface WithId {
  id: string;
  updatedAt?: number;
}

const isIdList = (value: unknown): value is WithId[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((item) => item !== null && typeof item === 'object' && typeof (item as WithId).id === 'string');

/**
 * The union of two lists by id. Order: `newer`'s, with items only `older` has placed after the item that precedes
 * them there (so an offline reply lands after its question). A shared item comes from the newer side (by its own
 * `updatedAt` when both carry one), with its own id'd lists merged the same way.
 */
export function mergeById<T extends WithId>(newer: readonly T[], older: readonly T[]): T[] {
  const olderById = new Map(older.map((item) => [item.id, item]));
  const newerIds = new Set(newer.map((item) => item.id));
  const out: T[] = newer.map((item) => {
    const other = olderById.get(item.id);
    return other ? mergeItem(item, other) : item;
  });
  let anchor: string | null = null;
  for (const item of older) {
    if (newerIds.has(item.id)) {
      anchor = item.id;
      continue;
    }
    const at: number = anchor === null ? 0 : out.findIndex((x) => x.id === anchor) + 1;
    out.splice(at, 0, item);
    anchor = item.id;
  }
  return out;
}

function mergeItem<T extends WithId>(a: T, b: T): T {
  const [winner, loser] = (b.updatedAt ?? -Infinity) > (a.updatedAt ?? -Infinity) ? [b, a] : [a, b];
  let merged: T | null = null;
  for (const key of Object.keys(winner) as (keyof T)[]) {
    const mine = winner[key];
    const theirs = loser[key];
    if (isIdList(mine) && isIdList(theirs)) {
      merged ??= { ...winner };
      merged[key] = mergeById(mine, theirs) as T[keyof T];
    }
  }
  return merged ?? winner;
}

/** One chat from two devices' copies: the later-edited copy's fields, every message of both. */
export function mergeChat(a: Chat, b: Chat): Chat {
  const [newer, older] = b.updatedAt > a.updatedAt ? [b, a] : [a, b];
  return {
    ...newer,
    messages: mergeById(newer.messages, older.messages),
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
}

/** Personas have no history to keep: the copy edited last wins (by updatedAt when stamped). */
export function mergePersona(a: Persona & { updatedAt?: number }, b: Persona & { updatedAt?: number }): Persona {
  return (b.updatedAt ?? 0) > (a.updatedAt ?? 0) ? b : a;
}
