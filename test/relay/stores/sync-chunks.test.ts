// The chunked stores' shared parts: data cut into chunks that join back to it, and a listing page that reads
// records only until the page is full and says where the next page starts.
import { describe, expect, it } from 'vitest';
import { chunksOf, pageOf } from '../../../src/relay/stores/sync-chunks.js';
import type { SyncRecord } from '../../../src/relay/sync/types.js';

describe('chunksOf', () => {
  it('cuts data into pieces of at most the size that join back to it; empty data has none', () => {
    const data = 'x'.repeat(25) + 'y';
    const pieces = chunksOf(data, 10);
    expect(pieces.map((p) => p.length)).toEqual([10, 10, 6]);
    expect(pieces.join('')).toBe(data);
    expect(chunksOf('abc', 3)).toEqual(['abc']);
    expect(chunksOf('', 10)).toEqual([]);
  });
});

describe('pageOf', () => {
  const header = (id: string, version: number) => ({ id, version, size: 40 });
  const headers = [header('c', 3), header('a', 1), header('b', 2), header('d', 4)];
  const meta = { version: 4, bytes: 160 };

  it('lists the records changed after `since`, oldest first, reading only as far as the page goes', async () => {
    const read: string[] = [];
    const load = async (h: { id: string; version: number; size: number }): Promise<SyncRecord> => {
      read.push(h.id);
      return { id: h.id, version: h.version, deleted: false, data: 'd'.repeat(h.size) };
    };
    const first = await pageOf(meta, headers, 0, 70, load);
    expect(first.records.map((r) => r.id)).toEqual(['a']);
    expect(first).toMatchObject({ more: true, version: 1 });
    expect(read).toEqual(['a', 'b']);
    read.length = 0;
    const rest = await pageOf(meta, headers, 1, 1000, load);
    expect(rest.records.map((r) => r.id)).toEqual(['b', 'c', 'd']);
    expect(rest).toMatchObject({ more: false, version: 4 });
    expect(read).toEqual(['b', 'c', 'd']);
  });
});
