// The SyncStore contract, run against each store that runs in Node: memory (the reference) and files
// (--sync-dir). Versions, conflicts, tombstones, paging, the quota and drop must behave the same in both.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySyncStore } from '../../../src/relay/stores/sync-memory.js';
import { createFileSyncStore } from '../../../src/relay/stores/sync-files.js';
import type { SyncStore } from '../../../src/relay/sync/types.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpt-chat-sync-'));
  dirs.push(dir);
  return dir;
};

const QUOTA = 10_000;
const SPACE = 'a'.repeat(64);
const write = (id: string, baseVersion: number, data = 'Q2lwaGVy', deleted = false) => ({
  id,
  baseVersion,
  data,
  deleted,
});

const stores: [string, () => SyncStore][] = [
  ['memory', () => createMemorySyncStore()],
  ['files', () => createFileSyncStore(newDir())],
];

describe.each(stores)('%s sync store', (_name, make) => {
  it('hands out increasing versions and lists what changed after `since`, oldest first', async () => {
    const store = make();
    const a = await store.put(SPACE, write('chat-a', 0), QUOTA);
    const b = await store.put(SPACE, write('chat-b', 0), QUOTA);
    expect(a).toMatchObject({ kind: 'written', record: { id: 'chat-a', version: 1 } });
    expect(b).toMatchObject({ kind: 'written', record: { id: 'chat-b', version: 2 } });
    const edited = await store.put(SPACE, write('chat-a', 1, 'bmV3'), QUOTA);
    expect(edited).toMatchObject({ kind: 'written', record: { version: 3, data: 'bmV3' } });
    const all = await store.list(SPACE, 0, 1 << 20);
    expect(all.records.map((r) => [r.id, r.version])).toEqual([
      ['chat-b', 2],
      ['chat-a', 3],
    ]);
    expect(all).toMatchObject({ version: 3, more: false });
    expect((await store.list(SPACE, 2, 1 << 20)).records.map((r) => r.id)).toEqual(['chat-a']);
    expect((await store.list(SPACE, 3, 1 << 20)).records).toEqual([]);
  });

  it('refuses a write over a stale version with the current record, and a create over an existing one', async () => {
    const store = make();
    await store.put(SPACE, write('chat-a', 0, 'b25l'), QUOTA);
    await store.put(SPACE, write('chat-a', 1, 'dHdv'), QUOTA);
    const stale = await store.put(SPACE, write('chat-a', 1, 'bGF0ZQ'), QUOTA);
    expect(stale).toMatchObject({ kind: 'conflict', current: { id: 'chat-a', version: 2, data: 'dHdv' } });
    expect(await store.put(SPACE, write('chat-a', 0), QUOTA)).toMatchObject({ kind: 'conflict' });
    expect(await store.put(SPACE, write('chat-new', 5), QUOTA)).toEqual({ kind: 'conflict', current: null });
  });

  it('keeps a delete as a tombstone with a new version, so other devices learn of it', async () => {
    const store = make();
    await store.put(SPACE, write('chat-a', 0), QUOTA);
    const gone = await store.put(SPACE, write('chat-a', 1, '', true), QUOTA);
    expect(gone).toMatchObject({ kind: 'written', record: { id: 'chat-a', version: 2, deleted: true, data: '' } });
    expect((await store.list(SPACE, 1, 1 << 20)).records).toEqual([
      { id: 'chat-a', version: 2, deleted: true, data: '' },
    ]);
  });

  it('pages a large listing and the pages add up to every record once', async () => {
    const store = make();
    for (let i = 0; i < 6; i++) await store.put(SPACE, write(`chat-${i}`, 0, 'x'.repeat(100)), QUOTA);
    const seen: string[] = [];
    let since = 0;
    for (let pages = 0; pages < 10; pages++) {
      const page = await store.list(SPACE, since, 250);
      seen.push(...page.records.map((r) => r.id));
      since = page.version;
      if (!page.more) break;
    }
    expect(seen).toEqual(['chat-0', 'chat-1', 'chat-2', 'chat-3', 'chat-4', 'chat-5']);
  });

  it('refuses a write that would pass the quota, but lets a shrinking one through', async () => {
    const store = make();
    const big = 'y'.repeat(600);
    expect(await store.put(SPACE, write('chat-a', 0, big), 1000)).toMatchObject({ kind: 'written' });
    expect(await store.put(SPACE, write('chat-b', 0, big), 1000)).toMatchObject({ kind: 'quota', quota: 1000 });
    expect(await store.put(SPACE, write('chat-a', 1, '', true), 1000)).toMatchObject({ kind: 'written' });
    expect(await store.put(SPACE, write('chat-b', 0, big), 1000)).toMatchObject({ kind: 'written' });
  });

  it('keeps spaces apart and drops one whole', async () => {
    const store = make();
    const other = 'b'.repeat(64);
    await store.put(SPACE, write('chat-a', 0), QUOTA);
    await store.put(other, write('chat-a', 0, 'b3RoZXI'), QUOTA);
    await store.drop(SPACE);
    expect((await store.list(SPACE, 0, 1 << 20)).records).toEqual([]);
    expect((await store.list(other, 0, 1 << 20)).records).toMatchObject([{ data: 'b3RoZXI' }]);
    expect(await store.put(SPACE, write('chat-a', 0), QUOTA)).toMatchObject({ kind: 'written' });
  });

  it('serializes concurrent writes to one record: exactly one wins each base version', async () => {
    const store = make();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.put(SPACE, write('chat-a', 0, `dg${i}`), QUOTA)),
    );
    expect(results.filter((r) => r.kind === 'written')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'conflict')).toHaveLength(7);
  });
});

describe('file sync store on disk', () => {
  it('writes one file per record under the space hash, and a fresh store reads them back', async () => {
    const dir = newDir();
    const first = createFileSyncStore(dir);
    await first.put(SPACE, write('chat-a', 0, 'c2VjcmV0'), QUOTA);
    await first.put(SPACE, write('chat-b', 0), QUOTA);
    expect(readdirSync(join(dir, SPACE)).sort()).toEqual(['chat-a.rec', 'chat-b.rec']);
    const again = createFileSyncStore(dir);
    const listed = await again.list(SPACE, 0, 1 << 20);
    expect(listed).toMatchObject({ version: 2, records: [{ id: 'chat-a', data: 'c2VjcmV0' }, { id: 'chat-b' }] });
    expect(await again.put(SPACE, write('chat-c', 0), QUOTA)).toMatchObject({ record: { version: 3 } });
  });

  it('drops temp files an interrupted upload left and skips a record file that does not parse', async () => {
    const dir = newDir();
    const first = createFileSyncStore(dir);
    await first.put(SPACE, write('chat-a', 0), QUOTA);
    writeFileSync(join(dir, SPACE, '.tmp-interrupted'), '{"id":"chat-a","vers');
    writeFileSync(join(dir, SPACE, 'chat-z.rec'), '{"torn');
    const again = createFileSyncStore(dir);
    expect((await again.list(SPACE, 0, 1 << 20)).records.map((r) => r.id)).toEqual(['chat-a']);
    expect(readdirSync(join(dir, SPACE))).not.toContain('.tmp-interrupted');
    expect(JSON.parse(readFileSync(join(dir, SPACE, 'chat-a.rec'), 'utf8'))).toMatchObject({ version: 1 });
  });
});
