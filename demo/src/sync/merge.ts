// Merging two copies of a chat changed on two devices. A chat is a tree of messages (its versions, or its messages
// as one line): the merge unites both trees by message id, so no message is ever dropped — except one whose latest
// delete mark (sync/tombstones.ts) is later than its latest undo. Concurrent turns become versions of that turn.
import type { Chat, ChatEntry, Persona } from '../types.js';
import { nodesOf, pathOf, ROOT, type TreeNode } from './chat-tree.js';
import { isDeleted, mergeMarks } from './tombstones.js';

interface WithId {
  id: string;
  updatedAt?: number;
}

/**
 * The union of two lists by id. Order: `newer`'s, with items only `older` has placed after the item that precedes
 * them there. A shared item comes from the newer side (by its own `updatedAt` when both carry one).
 */
export function mergeById<T extends WithId>(
  newer: readonly T[],
  older: readonly T[],
  pick: (newer: T, older: T) => T = byUpdatedAt,
): T[] {
  const olderById = new Map(older.map((item) => [item.id, item]));
  const newerIds = new Set(newer.map((item) => item.id));
  const out: T[] = newer.map((item) => {
    const other = olderById.get(item.id);
    return other ? pick(item, other) : item;
  });
  const at = new Map(out.map((item, i) => [item.id, i]));
  const inserts = new Map<number, T[]>();
  let anchor = -1;
  for (const item of older) {
    if (newerIds.has(item.id)) anchor = at.get(item.id)!;
    else inserts.set(anchor, [...(inserts.get(anchor) ?? []), item]);
  }
  if (!inserts.size) return out;
  const merged: T[] = [...(inserts.get(-1) ?? [])];
  out.forEach((item, i) => merged.push(item, ...(inserts.get(i) ?? [])));
  return merged;
}

function byUpdatedAt<T extends WithId>(newer: T, older: T): T {
  return (older.updatedAt ?? -Infinity) > (newer.updatedAt ?? -Infinity) ? older : newer;
}

/** A reply still streaming, or cut short (stopped, failed, or loaded on another device mid-stream). */
function partial(message: ChatEntry): boolean {
  return message.status === 'streaming' || message.status === 'interrupted';
}

/**
 * Two copies of one message: the further along. A device that opened the chat while the reply was still streaming
 * elsewhere holds a partial copy marked interrupted; however new its chat, it must not replace the finished reply.
 */
function furtherMessage(newer: TreeNode, older: TreeNode): TreeNode {
  const [a, b] = [newer.message, older.message];
  if (partial(a) !== partial(b)) return partial(a) ? older : newer;
  // Two partial copies: the one the other's text leads into.
  if (partial(a) && b.content.length > a.content.length && b.content.startsWith(a.content)) return older;
  return newer;
}

/** The chat's own fields a user edits (rename, persona, model, options), merged as one by `editedAt`. */
const EDITED_FIELDS = ['title', 'titleEdited', 'personaId', 'prompt', 'model', 'temperature', 'maxTokens'] as const;

/**
 * The copy whose fields the merge keeps: the one the user edited last (by `editedAt`, not `updatedAt`, which a new
 * message on the other device moves on without touching them), else the newer.
 */
function fieldsFrom(newer: Chat, older: Chat): Chat {
  return (older.editedAt ?? -Infinity) > (newer.editedAt ?? -Infinity) ? older : newer;
}

/** One chat from two devices' copies: the later-edited copy's fields, every message of both not deleted since. */
export function mergeChat(a: Chat, b: Chat): Chat {
  const [newer, older] = b.updatedAt > a.updatedAt ? [b, a] : [a, b];
  const marks = mergeMarks(newer.deletedMessages, older.deletedMessages);
  const mine = nodesOf(newer);
  const theirs = nodesOf(older);
  const all = mergeById(mine.nodes, theirs.nodes, furtherMessage);
  const byId = new Map(all.map((n) => [n.id, n]));
  const alive = all.filter((n) => !isDeleted(marks, n.id));
  const aliveIds = new Set(alive.map((n) => n.id));
  // A message under a deleted one moves up to the nearest ancestor kept.
  const parentOf = (node: TreeNode): string | null => {
    let parent = node.parent;
    for (let hops = 0; parent !== null && !aliveIds.has(parent) && hops <= all.length; hops++)
      parent = byId.get(parent)?.parent ?? null;
    return parent !== null && aliveIds.has(parent) ? parent : null;
  };
  const children = new Map<string, string[]>();
  const parents = new Map<string, string | null>();
  for (const node of alive) {
    const parent = parentOf(node);
    parents.set(node.id, parent);
    children.set(parent ?? ROOT, [...(children.get(parent ?? ROOT) ?? []), node.id]);
  }
  const choices = (side: { nodes: TreeNode[]; chosenRoot: string | undefined }) =>
    new Map<string, string | undefined>([[ROOT, side.chosenRoot], ...side.nodes.map((n) => [n.id, n.chosen] as const)]);
  const newerChoice = choices(mine);
  const olderChoice = choices(theirs);
  const chosen = (id: string): string | undefined => {
    const kids = children.get(id);
    if (!kids) return undefined;
    for (const pick of [newerChoice.get(id), olderChoice.get(id)]) if (pick && kids.includes(pick)) return pick;
    return kids.at(-1);
  };
  // Parents before children, siblings in merged order: the stored tree's form.
  const nodes: NonNullable<Chat['versions']>['nodes'] = [];
  const stack = [...(children.get(ROOT) ?? [])].reverse();
  while (stack.length) {
    const id = stack.pop()!;
    const pick = chosen(id);
    nodes.push({ message: byId.get(id)!.message, parent: parents.get(id)!, ...(pick ? { chosen: pick } : {}) });
    stack.push(...[...(children.get(id) ?? [])].reverse());
  }
  const chosenRoot = chosen(ROOT);
  const merged: Chat = {
    ...newer,
    messages: pathOf(
      nodes.map((n) => ({ id: n.message.id, message: n.message, parent: n.parent, chosen: n.chosen })),
      chosenRoot,
    ),
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
  const edited = fieldsFrom(newer, older);
  if (edited !== newer) {
    const target = merged as unknown as Record<string, unknown>;
    for (const key of [...EDITED_FIELDS, 'editedAt'] as const)
      if (key in edited) target[key] = edited[key];
      else delete target[key];
  }
  const branched = [...children.values()].some((kids) => kids.length > 1);
  if (branched) merged.versions = chosenRoot ? { nodes, chosenRoot } : { nodes };
  else delete merged.versions;
  if (Object.keys(marks).length) merged.deletedMessages = marks;
  else delete merged.deletedMessages;
  return merged;
}

/** Personas have no history to keep: the copy edited last wins (by updatedAt when stamped). */
export function mergePersona(a: Persona & { updatedAt?: number }, b: Persona & { updatedAt?: number }): Persona {
  return (b.updatedAt ?? 0) > (a.updatedAt ?? 0) ? b : a;
}
