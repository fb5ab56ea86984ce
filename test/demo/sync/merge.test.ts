// Merging a chat changed on two devices: property tests (fast-check) that no message is ever dropped, plus the
// cases a person would check by hand (offline reply order, edits by time, nested versions).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeById, mergeChat } from '../../../demo/src/sync/merge.js';
import type { Chat } from '../../../demo/src/types.js';

const msg = (id: string, content = id, extra: object = {}) => ({
  id,
  role: 'user' as const,
  content,
  createdAt: 1,
  ...extra,
});
const chat = (messages: ReturnType<typeof msg>[], updatedAt: number, title = 't'): Chat => ({
  id: 'c1',
  title,
  personaId: 'p',
  prompt: '',
  messages,
  createdAt: 0,
  updatedAt,
});

describe('mergeChat', () => {
  it('keeps the messages both devices added offline, each after the message it followed', () => {
    const phone = chat([msg('q1'), msg('a1'), msg('q2-phone'), msg('a2-phone')], 20);
    const desktop = chat([msg('q1'), msg('a1'), msg('q2-desk')], 10);
    const merged = mergeChat(phone, desktop);
    expect(merged.messages.map((m) => m.id)).toEqual(['q1', 'a1', 'q2-desk', 'q2-phone', 'a2-phone']);
    expect(
      mergeChat(desktop, phone)
        .messages.map((m) => m.id)
        .sort(),
    ).toEqual(merged.messages.map((m) => m.id).sort());
  });

  it('takes shared messages and chat fields from the copy edited last, by updatedAt', () => {
    const older = chat([msg('q1', 'old text')], 10, 'old title');
    const newer = chat([msg('q1', 'edited text')], 20, 'new title');
    const merged = mergeChat(older, newer);
    expect(merged).toMatchObject({ title: 'new title', updatedAt: 20 });
    expect(merged.messages).toEqual([msg('q1', 'edited text')]);
  });

  it("unites a message's own id'd lists (versions) too, edits by their updatedAt", () => {
    const a = msg('a1', 'x', {
      versions: [
        { id: 'v1', content: 'one', updatedAt: 5 },
        { id: 'v2', content: 'two' },
      ],
    });
    const b = msg('a1', 'x', {
      versions: [
        { id: 'v1', content: 'one*', updatedAt: 9 },
        { id: 'v3', content: 'three' },
      ],
    });
    const merged = mergeChat(chat([a], 20), chat([b], 10)).messages[0] as unknown as {
      versions: { id: string; content: string }[];
    };
    expect(merged.versions.map((v) => [v.id, v.content])).toEqual([
      ['v1', 'one*'],
      ['v3', 'three'],
      ['v2', 'two'],
    ]);
  });
});

describe('mergeById (property)', () => {
  const ids = fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnop'.split('')), { maxLength: 12 });
  it('holds every id of both sides exactly once and keeps the order of the newer side', () => {
    fc.assert(
      fc.property(ids, ids, (left, right) => {
        const merged = mergeById(
          left.map((id) => ({ id })),
          right.map((id) => ({ id })),
        ).map((x) => x.id);
        expect(new Set(merged)).toEqual(new Set([...left, ...right]));
        expect(merged).toHaveLength(new Set([...left, ...right]).size);
        // The newer side's order is kept as it was.
        expect(merged.filter((id) => left.includes(id))).toEqual(left);
      }),
    );
  });
});
