// A file's fence is longer than any backtick run inside it, so the file can never close it early.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fencedFile, longestBacktickRun } from '../../../src/widget/attachments/fence.js';

describe('fencedFile', () => {
  it('heads the block with the file name and uses three backticks for plain text', () => {
    expect(fencedFile('a.txt', 'hello', 'txt')).toBe('a.txt\n```txt\nhello\n```');
  });
  it('grows the fence past the longest run inside', () => {
    expect(fencedFile('r.md', 'x ````` y\n', 'md')).toBe('r.md\n``````md\nx ````` y\n``````');
  });
  it('keeps a name on one line and the info string to word characters', () => {
    expect(fencedFile('evil\nname.js', 'x', 'j s`')).toBe('evil name.js\n```js\nx\n```');
  });
  it('property: no line inside is a closing fence', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', '\n', ' ') }), (text) => {
        const block = fencedFile('f', text);
        const fence = block.split('\n')[1]!;
        expect(fence.length).toBeGreaterThan(longestBacktickRun(text));
        const inner = block.split('\n').slice(2, -1);
        expect(inner.some((line) => line.trim().startsWith(fence))).toBe(false);
      }),
    );
  });
});
