// Merging a chat changed on two devices: the cases a person would check by hand (offline turns, regenerated
// versions, a delete and its undo), then a property test (fast-check) of two replicas doing random edits, deletes,
// undos and regenerates with syncs in between: both converge, every message not deleted is kept, deletes stay.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeById, mergeChat } from '../../../demo/src/sync/merge.js';
import { nodesOf } from '../../../demo/src/sync/chat-tree.js';
import { markEdits } from '../../../demo/src/sync/tombstones.js';
import type { Chat, ChatEntry } from '../../../demo/src/types.js';

const msg = (id: string, content = id): ChatEntry =>
  ({ id, role: id.startsWith('q') ? 'user' : 'assistant', content, createdAt: 1 }) as ChatEntry;
const chat = (messages: ChatEntry[], updatedAt: number, extra: Partial<Chat> = {}): Chat => ({
  id: 'c1',
  title: 't',
  personaId: 'p',
  prompt: '',
  messages,
  createdAt: 0,
  updatedAt,
  ...extra,
});
const ids = (c: Chat) => c.messages.map((m) => m.id);
const allIds = (c: Chat) => nodesOf(c).nodes.map((n) => n.id);

describe('mergeChat', () => {
  it("keeps both devices' offline turns: the later device's shown, the other as a version of that turn", () => {
    const phone = chat([msg('q1'), msg('a1'), msg('q2-phone'), msg('a2-phone')], 20);
    const desktop = chat([msg('q1'), msg('a1'), msg('q2-desk')], 10);
    const merged = mergeChat(phone, desktop);
    expect(ids(merged)).toEqual(['q1', 'a1', 'q2-phone', 'a2-phone']);
    expect(allIds(merged).sort()).toEqual(['a1', 'a2-phone', 'q1', 'q2-desk', 'q2-phone']);
    const turn = merged.versions!.nodes.filter((n) => n.parent === 'a1').map((n) => n.message.id);
    expect(turn).toEqual(['q2-desk', 'q2-phone']);
    expect(allIds(mergeChat(desktop, phone)).sort()).toEqual(allIds(merged).sort());
  });

  it('takes shared messages and chat fields from the copy edited last, by updatedAt', () => {
    const older = chat([msg('q1', 'old text')], 10, { title: 'old title' });
    const newer = chat([msg('q1', 'edited text')], 20, { title: 'new title' });
    const merged = mergeChat(older, newer);
    expect(merged).toMatchObject({ title: 'new title', updatedAt: 20 });
    expect(merged.messages).toEqual([msg('q1', 'edited text')]);
    expect(merged.versions).toBeUndefined();
  });

  it('keeps the finished reply over a partial copy saved by a device that opened the chat mid-stream', () => {
    const full = { ...msg('a1', 'The whole reply, to its last word.'), status: 'complete' } as ChatEntry;
    const partial = { ...msg('a1', 'The whole'), status: 'interrupted' } as ChatEntry;
    const streaming = { ...msg('a1', 'The whole reply'), status: 'streaming' } as ChatEntry;
    const desktop = chat([msg('q1'), full], 10);
    // The phone's copy is newer (it saved the chat after loading it), yet holds less of the reply.
    const phone = chat([msg('q1'), partial], 20, { title: 'renamed on the phone' });
    for (const merged of [mergeChat(phone, desktop), mergeChat(desktop, phone)]) {
      expect(merged.messages.map((m) => m.content)).toEqual(['q1', full.content]);
      expect(merged.messages[1]!.status).toBe('complete');
      expect(merged.updatedAt).toBe(20);
    }
    // Two partial copies: the one further along, whichever chat is newer.
    expect(mergeChat(chat([msg('q1'), partial], 30), chat([msg('q1'), streaming], 10)).messages[1]!.content).toBe(
      streaming.content,
    );
  });

  it('unites the versions of a reply regenerated on both devices, showing the later choice', () => {
    const base = [msg('q1'), msg('a1')];
    const regenerated = (id: string, at: number) =>
      chat([msg('q1'), msg(id)], at, {
        versions: {
          nodes: [
            { message: msg('q1'), parent: null, chosen: id },
            { message: msg('a1'), parent: 'q1' },
            { message: msg(id), parent: 'q1' },
          ],
          chosenRoot: 'q1',
        },
      });
    const merged = mergeChat(regenerated('a1-phone', 20), regenerated('a1-desk', 30));
    expect(ids(merged)).toEqual(['q1', 'a1-desk']);
    expect(merged.versions!.nodes.filter((n) => n.parent === 'q1').map((n) => n.message.id)).toEqual([
      'a1',
      'a1-phone',
      'a1-desk',
    ]);
    // A device that never regenerated merges with it: still three versions, no reply appended after another.
    const plain = mergeChat(chat(base, 40), merged);
    expect(ids(plain)).toEqual(['q1', 'a1']);
    expect(allIds(plain).sort()).toEqual(['a1', 'a1-desk', 'a1-phone', 'q1']);
  });

  it('carries a delete to a copy that still holds the message, and an undo after it back', () => {
    const both = chat([msg('q1'), msg('a1'), msg('q2'), msg('a2')], 10);
    const deleted = markEdits(chat([msg('q1'), msg('a1')], 20), { gone: ['q2', 'a2'], back: [] }, 20);
    expect(deleted.deletedMessages).toEqual({ q2: { at: 20 }, a2: { at: 20 } });
    expect(ids(mergeChat(both, deleted))).toEqual(['q1', 'a1']);
    // The other device, not knowing of the delete, adds a reply under a deleted message: it moves up, kept.
    const added = chat([msg('q1'), msg('a1'), msg('q2'), msg('a2'), msg('q3')], 15);
    expect(ids(mergeChat(added, deleted))).toEqual(['q1', 'a1', 'q3']);
    const again = chat([msg('q1'), msg('a1'), msg('q2'), msg('a2')], 30, { deletedMessages: deleted.deletedMessages });
    const undone = markEdits(again, { gone: [], back: ['q2', 'a2'] }, 30);
    expect(undone.deletedMessages).toEqual({ q2: { at: 30, restored: true }, a2: { at: 30, restored: true } });
    expect(ids(mergeChat(deleted, undone))).toEqual(['q1', 'a1', 'q2', 'a2']);
    // A message new to the session (not deleted before) gets no mark; no edit leaves the chat as it was.
    expect(markEdits(both, { gone: [], back: ['q9'] })).toBe(both);
  });
});

describe("mergeChat: the chat's own fields", () => {
  it('keeps a rename made on one device while the other only added a turn (edited later, though not newer)', () => {
    const renamed = chat([msg('q1'), msg('a1')], 10, { title: 'Trip plans', titleEdited: true, editedAt: 15 });
    const added = chat([msg('q1'), msg('a1'), msg('q2'), msg('a2')], 20, { title: 'q1' });
    for (const merged of [mergeChat(renamed, added), mergeChat(added, renamed)]) {
      expect(merged).toMatchObject({ title: 'Trip plans', titleEdited: true, editedAt: 15, updatedAt: 20 });
      expect(ids(merged)).toEqual(['q1', 'a1', 'q2', 'a2']);
    }
  });

  it('takes the fields edited last when both edited them, and drops those the later edit removed', () => {
    const phone = chat([msg('q1')], 30, { title: 'Phone title', titleEdited: true, model: 'gpt-x', editedAt: 12 });
    const desktop = chat([msg('q1')], 10, {
      title: 'Desktop title',
      titleEdited: true,
      temperature: 0.2,
      editedAt: 25,
    });
    const merged = mergeChat(phone, desktop);
    expect(merged).toMatchObject({ title: 'Desktop title', temperature: 0.2, editedAt: 25, updatedAt: 30 });
    expect(merged.model).toBeUndefined();
    // Neither edited: the newer copy's, as before.
    expect(mergeChat(chat([msg('q1')], 5, { title: 'a' }), chat([msg('q1')], 6, { title: 'b' })).title).toBe('b');
  });
});

describe('mergeById (property)', () => {
  const idList = fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnop'.split('')), { maxLength: 12 });
  it('holds every id of both sides exactly once and keeps the order of the newer side', () => {
    fc.assert(
      fc.property(idList, idList, (left, right) => {
        const merged = mergeById(
          left.map((id) => ({ id })),
          right.map((id) => ({ id })),
        ).map((x) => x.id);
        expect(new Set(merged)).toEqual(new Set([...left, ...right]));
        expect(merged).toHaveLength(new Set([...left, ...right]).size);
        expect(merged.filter((id) => left.includes(id))).toEqual(left);
      }),
    );
  });
});

/** One device's copy of the chat as an editable tree, and the messages it deleted (for undo). */
class Replica {
  nodes = new Map<string, { message: ChatEntry; parent: string | null; chosen?: string }>();
  chosenRoot: string | undefined;
  marks: NonNullable<Chat['deletedMessages']> = {};
  trash = new Map<string, { message: ChatEntry; parent: string | null }>();
  updatedAt = 0;

  toChat(): Chat {
    const nodes = [...this.nodes.values()];
    const path: ChatEntry[] = [];
    for (let id = this.chosenRoot; id; id = this.nodes.get(id)!.chosen) path.push(this.nodes.get(id)!.message);
    const branched = new Set(nodes.map((n) => n.parent)).size < nodes.length;
    return chat(path, this.updatedAt, {
      ...(branched ? { versions: { nodes, ...(this.chosenRoot ? { chosenRoot: this.chosenRoot } : {}) } } : {}),
      ...(Object.keys(this.marks).length ? { deletedMessages: this.marks } : {}),
    });
  }

  load(c: Chat): void {
    const { nodes, chosenRoot } = nodesOf(c);
    this.nodes = new Map(nodes.map((n) => [n.id, { message: n.message, parent: n.parent, chosen: n.chosen }]));
    this.chosenRoot = chosenRoot;
    this.marks = { ...(c.deletedMessages ?? {}) };
    this.updatedAt = c.updatedAt;
  }

  private add(parent: string | null, message: ChatEntry): void {
    this.nodes.set(message.id, { message, parent });
    if (parent === null) this.chosenRoot = message.id;
    else this.nodes.get(parent)!.chosen = message.id;
  }

  private path(): string[] {
    const out: string[] = [];
    for (let id = this.chosenRoot; id; id = this.nodes.get(id)!.chosen) out.push(id);
    return out;
  }

  append(id: string): void {
    const last = this.path().at(-1) ?? null;
    this.add(last, msg(`q${id}`));
    this.add(`q${id}`, msg(`a${id}`));
  }

  /** A new version of a shown message (regenerate a reply, or edit-and-resend a question). */
  regenerate(id: string, pick: number): void {
    const path = this.path();
    if (!path.length) return;
    const target = path[pick % path.length]!;
    this.add(this.nodes.get(target)!.parent, msg(`${target[0]}${id}`));
  }

  delete(pick: number, at: number): void {
    const all = [...this.nodes.keys()];
    if (!all.length) return;
    const id = all[pick % all.length]!;
    const node = this.nodes.get(id)!;
    this.nodes.delete(id);
    for (const other of this.nodes.values()) if (other.parent === id) other.parent = node.parent;
    // What showed the deleted message shows its newest remaining child instead.
    const lastChild = (parent: string | null) => [...this.nodes].findLast(([, n]) => n.parent === parent)?.[0];
    for (const [k, n] of this.nodes) if (!n.chosen || n.chosen === id) n.chosen = lastChild(k);
    if (this.chosenRoot === id) this.chosenRoot = lastChild(null);
    this.marks[id] = { at };
    this.trash.set(id, { message: node.message, parent: node.parent });
  }

  undo(pick: number, at: number): void {
    const undoable = [...this.trash.keys()].filter((id) => !this.nodes.has(id) && !this.marks[id]?.restored);
    if (!undoable.length) return;
    const id = undoable[pick % undoable.length]!;
    const { message, parent } = this.trash.get(id)!;
    this.trash.delete(id);
    this.add(parent !== null && this.nodes.has(parent) ? parent : null, message);
    this.marks[id] = { at, restored: true };
  }
}

type Op = { device: 0 | 1; kind: 'append' | 'regenerate' | 'delete' | 'undo' | 'sync'; pick: number };
const op: fc.Arbitrary<Op> = fc.record({
  device: fc.constantFrom(0 as const, 1 as const),
  kind: fc.constantFrom('append', 'append', 'regenerate', 'delete', 'undo', 'sync'),
  pick: fc.nat(50),
});

describe('two replicas (property)', () => {
  it('converge after syncing, keep every message not deleted last, and keep deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const devices = [new Replica(), new Replica()];
        let server: Chat | null = null;
        // Every message's last event: its creation (kept) or its latest delete/undo.
        const fate = new Map<string, 'kept' | 'deleted'>();
        const sync = (device: Replica) => {
          const local = device.toChat();
          const merged: Chat = server ? mergeChat(local, server) : local;
          server = merged;
          device.load(merged);
        };
        ops.forEach(({ device, kind, pick }, i) => {
          const at = i + 1;
          const d = devices[device]!;
          const before = new Set(d.nodes.keys());
          if (kind === 'sync') return sync(d);
          if (kind === 'append') d.append(`${at}`);
          if (kind === 'regenerate') d.regenerate(`${at}`, pick);
          if (kind === 'delete') d.delete(pick, at);
          if (kind === 'undo') d.undo(pick, at);
          for (const id of d.nodes.keys()) if (!before.has(id)) fate.set(id, 'kept');
          for (const id of before) if (!d.nodes.has(id)) fate.set(id, 'deleted');
          d.updatedAt = at;
        });
        sync(devices[0]!);
        sync(devices[1]!);
        sync(devices[0]!);
        const [a, b] = devices.map((d) => d.toChat());
        expect(a).toEqual(b);
        const held = new Set(allIds(a!));
        for (const [id, last] of fate) expect([id, held.has(id)]).toEqual([id, last === 'kept']);
        // The shown messages are a path through the versions (what the element accepts).
        expect(ids(a!).every((id) => held.has(id))).toBe(true);
        expect(held.size).toBe(allIds(a!).length);
      }),
      { numRuns: 300 },
    );
  });
});
