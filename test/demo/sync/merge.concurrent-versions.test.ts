// Regenerate against a remote change of the same turn: device A regenerates the last reply (new versions) while
// device B, offline, regenerates that reply or edits and resends its question. The copies are made by the element's
// own version tree (MessageTree), synced through a relay copy in either order: every version from both is kept, both
// devices end equal, and the path shown is one the element can load — root to leaf, the later device's choice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageTree } from '../../../src/widget/conversation/tree.js';
import { mergeChat } from '../../../demo/src/sync/merge.js';
import { nodesOf } from '../../../demo/src/sync/chat-tree.js';
import type { Chat, ChatEntry } from '../../../demo/src/types.js';

const msg = (id: string, role: 'user' | 'assistant'): ChatEntry =>
  ({ id, role, content: id, status: 'complete', createdAt: 1 }) as ChatEntry;

/** A chat as the page stores it: the tree's shown path as messages, its nodes as versions once it branched. */
function toChat(tree: MessageTree<ChatEntry>, updatedAt: number): Chat {
  return {
    id: 'c1',
    title: 't',
    personaId: 'p',
    prompt: '',
    messages: tree.path(),
    createdAt: 0,
    updatedAt,
    ...(tree.branched ? { versions: tree.toStored() } : {}),
  };
}

/** A device's editable copy of a chat (what the element's session does with it). */
function load(chat: Chat): MessageTree<ChatEntry> {
  return chat.versions
    ? MessageTree.fromStored<ChatEntry>(chat.versions, (m) => m as ChatEntry)!
    : MessageTree.fromPath(chat.messages);
}

const lastIndex = (path: ChatEntry[], role: string) => path.findLastIndex((m) => m.role === role);

/** Regenerate: a new version of the last reply, under the question it answers. */
function regenerate(tree: MessageTree<ChatEntry>, id: string): void {
  const path = tree.path();
  const reply = path[lastIndex(path, 'assistant')]!;
  tree.add(tree.parentOf(reply.id)!, msg(id, 'assistant'));
}

/** Edit and resend: a new version of the last question (beside it) with its own reply. */
function editLast(tree: MessageTree<ChatEntry>, id: string): void {
  const path = tree.path();
  const question = path[lastIndex(path, 'user')]!;
  tree.add(tree.parentOf(question.id)!, msg(`${id}-q`, 'user'));
  tree.add(`${id}-q`, msg(`${id}-a`, 'assistant'));
}

/** Shows an earlier version of the contested turn (the ‹ › control), as a person comparing them would. */
function showFirst(tree: MessageTree<ChatEntry>): void {
  const path = tree.path();
  let id = path[lastIndex(path, 'assistant')]!.id;
  for (let previous = tree.versions(id).previous; previous; previous = tree.versions(id).previous) id = previous;
  tree.choose(id);
}

const allIds = (chat: Chat) => nodesOf(chat).nodes.map((n) => n.id);

type Change = 'regenerate' | 'edit';
const scenario = fc.record({
  turns: fc.integer({ min: 1, max: 3 }),
  earlierVersions: fc.integer({ min: 0, max: 2 }),
  a: fc.array(fc.constant<Change>('regenerate'), { minLength: 1, maxLength: 3 }),
  b: fc.array(fc.constantFrom<Change>('regenerate', 'edit'), { minLength: 1, maxLength: 3 }),
  aBrowses: fc.boolean(),
  aLater: fc.boolean(),
  aSyncsFirst: fc.boolean(),
});

describe('regenerate on one device, regenerate or edit of the same turn on the other', () => {
  it('keeps every version from both; both end equal; the shown path is loadable, root to leaf', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const base = new MessageTree<ChatEntry>();
        let parent: string | null = null;
        for (let t = 0; t < s.turns; t++) {
          base.add(parent, msg(`q${t}`, 'user'));
          base.add(`q${t}`, msg(`a${t}`, 'assistant'));
          parent = `a${t}`;
        }
        for (let v = 0; v < s.earlierVersions; v++) regenerate(base, `old${v}`);
        const synced = toChat(base, 10);

        const a = load(synced);
        s.a.forEach((_, i) => regenerate(a, `A${i}`));
        if (s.aBrowses) showFirst(a);
        const b = load(synced);
        s.b.forEach((change, i) => (change === 'edit' ? editLast(b, `B${i}`) : regenerate(b, `B${i}`)));
        const [tA, tB] = s.aLater ? [30, 20] : [20, 30];
        const fromA = toChat(a, tA);
        const fromB = toChat(b, tB);

        // Through the relay's copy as the engine does: the first to sync uploads, the second merges and uploads,
        // the first pulls that (its copy unchanged since, so taken as is).
        const [first, second] = s.aSyncsFirst ? [fromA, fromB] : [fromB, fromA];
        const server = mergeChat(second, mergeChat(first, synced));
        const direct = mergeChat(fromA, fromB);
        expect(direct).toEqual(mergeChat(fromB, fromA));
        expect(allIds(server).sort()).toEqual(allIds(direct).sort());
        expect(server.messages.map((m) => m.id)).toEqual(direct.messages.map((m) => m.id));

        // No version lost: every message either device held is a node, once.
        const held = allIds(server);
        expect(new Set(held).size).toBe(held.length);
        expect(new Set(held)).toEqual(new Set([...allIds(fromA), ...allIds(fromB)]));

        // The element loads it, and shows what the chat's messages say: root to leaf.
        const loaded = load(server);
        expect(loaded.path().map((m) => m.id)).toEqual(server.messages.map((m) => m.id));
        const shown = server.messages.map((m) => m.id);
        expect(shown.length).toBeGreaterThanOrEqual(2);
        const nodes = nodesOf(server).nodes;
        expect(nodes.some((n) => n.parent === shown.at(-1))).toBe(false);
        shown.forEach((id, i) => expect(loaded.parentOf(id)).toBe(i ? shown[i - 1] : null));

        // Shown: the path of the device that changed the chat last (its own latest choice).
        const later = s.aLater ? fromA : fromB;
        expect(shown).toEqual(later.messages.map((m) => m.id));

        // The contested reply's turn counts the earlier versions and both devices' new ones.
        const question = `q${s.turns - 1}`;
        const replies = nodes.filter((n) => n.parent === question).length;
        const edited = s.b.indexOf('edit');
        const regeneratedOnB = edited < 0 ? s.b.length : edited; // after an edit, B regenerates the new question's
        expect(replies).toBe(1 + s.earlierVersions + s.a.length + regeneratedOnB);
      }),
      { numRuns: 300 },
    );
  });
});
