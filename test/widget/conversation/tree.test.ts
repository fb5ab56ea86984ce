import { describe, expect, it } from 'vitest';
import { MessageTree } from '../../../src/widget/conversation/tree.js';

type M = { id: string; content: string };
const m = (id: string): M => ({ id, content: id });
const ids = (t: MessageTree<M>) => t.path().map((x) => x.id);
const accept = (x: unknown) => (x && typeof (x as M).id === 'string' ? (x as M) : null);

describe('MessageTree', () => {
  it('a flat conversation is one line with no versions', () => {
    const t = MessageTree.fromPath([m('u1'), m('a1'), m('u2')]);
    expect(ids(t)).toEqual(['u1', 'a1', 'u2']);
    expect(t.branched).toBe(false);
    expect(t.versions('a1')).toEqual({ index: 1, count: 1, previous: null, next: null });
  });

  it('siblings are versions; choosing one shows its own continuation', () => {
    const t = MessageTree.fromPath([m('u1'), m('a1'), m('u2'), m('a2')]);
    t.add('u1', m('a1b'));
    expect(ids(t)).toEqual(['u1', 'a1b']);
    expect(t.versions('a1b')).toEqual({ index: 2, count: 2, previous: 'a1', next: null });
    t.choose('a1');
    expect(ids(t)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(t.branched).toBe(true);
  });

  it('round-trips through its stored form, keeping the chosen versions', () => {
    const t = MessageTree.fromPath([m('u1'), m('a1')]);
    t.add('u1', m('a2'));
    t.add(null, m('u1b'));
    t.choose('u1');
    t.choose('a1');
    const back = MessageTree.fromStored(JSON.parse(JSON.stringify(t.toStored())), accept)!;
    expect(ids(back)).toEqual(['u1', 'a1']);
    expect(back.versions('u1')).toMatchObject({ index: 1, count: 2 });
    expect(back.versions('a1')).toMatchObject({ index: 1, count: 2, next: 'a2' });
  });

  it('rejects malformed stored trees (unknown parent, duplicate id, not a tree)', () => {
    expect(MessageTree.fromStored({ nodes: [{ message: m('a'), parent: 'nope' }] }, accept)).toBeNull();
    expect(
      MessageTree.fromStored(
        {
          nodes: [
            { message: m('a'), parent: null },
            { message: m('a'), parent: null },
          ],
        },
        accept,
      ),
    ).toBeNull();
    expect(MessageTree.fromStored({ nodes: 'x' }, accept)).toBeNull();
    expect(MessageTree.fromStored([m('a')], accept)).toBeNull();
  });

  it('removing a reply that never came shows the newest remaining version', () => {
    const t = MessageTree.fromPath([m('u1'), m('a1')]);
    t.add('u1', m('a2'));
    t.removeLeaf('a2');
    expect(ids(t)).toEqual(['u1', 'a1']);
  });
});
