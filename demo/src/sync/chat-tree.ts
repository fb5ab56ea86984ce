// A chat's messages as one tree, whatever its stored form: the nodes of its versions when they hold the messages
// shown, else its messages as a line. What the merge and the delete marks compare.
import type { Chat, ChatEntry } from '../types.js';

/** One message in a chat's tree: its parent (null: a first message) and the child shown after it. */
export interface TreeNode {
  id: string;
  message: ChatEntry;
  parent: string | null;
  chosen?: string;
}

/** The parent key of first messages. */
export const ROOT = '';

/** A chat's messages as tree nodes: its versions when they hold its shown messages, else the messages as a line. */
export function nodesOf(chat: Chat): { nodes: TreeNode[]; chosenRoot: string | undefined } {
  const shown = new Map(chat.messages.map((m) => [m.id, m]));
  const stored = chat.versions;
  if (stored && Array.isArray(stored.nodes)) {
    const nodes: TreeNode[] = stored.nodes.map((n) => ({
      id: n.message.id,
      message: shown.get(n.message.id) ?? n.message,
      parent: n.parent ?? null,
      ...(n.chosen ? { chosen: n.chosen } : {}),
    }));
    const path = pathOf(nodes, stored.chosenRoot);
    if (path.length === chat.messages.length && path.every((m, i) => m.id === chat.messages[i]!.id))
      return { nodes, chosenRoot: stored.chosenRoot };
  }
  const nodes = chat.messages.map((message, i) => ({
    id: message.id,
    message,
    parent: i ? chat.messages[i - 1]!.id : null,
    ...(i + 1 < chat.messages.length ? { chosen: chat.messages[i + 1]!.id } : {}),
  }));
  return { nodes, chosenRoot: nodes[0]?.id };
}

/** The messages shown: from the chosen first message along each chosen child. */
export function pathOf(nodes: readonly TreeNode[], chosenRoot: string | undefined): ChatEntry[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: ChatEntry[] = [];
  const seen = new Set<string>();
  for (let id = chosenRoot; id && byId.has(id) && !seen.has(id); id = byId.get(id)!.chosen) {
    seen.add(id);
    out.push(byId.get(id)!.message);
  }
  return out;
}
