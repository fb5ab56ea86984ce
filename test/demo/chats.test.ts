// sameVersions: the page writes a chat only when its versions really changed (the element hands out fresh copies
// every time, and a rewrite of an unchanged chat would mark it for sync and outweigh a delete on another device).
import { describe, expect, it } from 'vitest';
import { sameVersions } from '../../demo/src/chats.js';
import type { Chat, ChatEntry } from '../../demo/src/types.js';

const msg = (id: string, content = id) => ({ id, role: 'assistant', content, createdAt: 1 }) as ChatEntry;
const tree = (second = 'a2', content = 'a2', chosen = 'a2'): NonNullable<Chat['versions']> => ({
  nodes: [
    { message: msg('q1'), parent: null, chosen },
    { message: msg('a1'), parent: 'q1' },
    { message: msg(second, content), parent: 'q1' },
  ],
  chosenRoot: 'q1',
});

describe('sameVersions', () => {
  it('is true for a copy, false when a node, its text, its parent or a choice differs', () => {
    expect(sameVersions(tree(), structuredClone(tree()))).toBe(true);
    expect(sameVersions(undefined, undefined)).toBe(true);
    expect(sameVersions(tree(), undefined)).toBe(false);
    expect(sameVersions(tree(), tree('a3', 'a3', 'a3'))).toBe(false);
    expect(sameVersions(tree(), tree('a2', 'longer'))).toBe(false);
    expect(sameVersions(tree(), tree('a2', 'a2', 'a1'))).toBe(false);
    const moved = tree();
    moved.nodes[2]!.parent = 'a1';
    expect(sameVersions(tree(), moved)).toBe(false);
  });
});
