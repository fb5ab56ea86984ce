// The SyncStore on Deno: Deno KV (a local SQLite file, or Deno Deploy's KV). A KV value holds at most 64 KiB and an
// atomic commit at most 800 KiB, so a record's data is written first as chunks under a fresh generation, then one
// atomic commit (checked against the space's meta, so concurrent writers serialize) points the header at them.
// A crash before the commit leaves unreferenced chunks, never a torn record; old generations are deleted after.
import { recordCost, type SyncListing, type SyncPutResult, type SyncRecord, type SyncStore } from '../sync/types.js';
import { chunksOf, pageOf, type SpaceMeta } from './sync-chunks.js';
import { decide } from './sync-memory.js';

type Key = (string | number)[];

/** The part of Deno.Kv the store uses (typed here so the file compiles without Deno's types). */
export interface KvLike {
  get<T>(key: Key): Promise<{ value: T | null; versionstamp: string | null }>;
  list<T>(selector: { prefix: Key }): AsyncIterable<{ key: Key; value: T }>;
  set(key: Key, value: unknown): Promise<unknown>;
  delete(key: Key): Promise<void>;
  atomic(): KvAtomic;
}

interface KvAtomic {
  check(...checks: { key: Key; versionstamp: string | null }[]): KvAtomic;
  set(key: Key, value: unknown): KvAtomic;
  commit(): Promise<{ ok: boolean }>;
}

interface Header {
  id: string;
  version: number;
  deleted: boolean;
  generation: string;
  chunks: number;
}

const CHUNK = 60_000;

export function createDenoKvSyncStore(kv: KvLike): SyncStore {
  const metaKey = (space: string): Key => ['sync', space, 'meta'];
  const headerKey = (space: string, id: string): Key => ['sync', space, 'h', id];
  const chunkKey = (space: string, id: string, generation: string, n: number): Key => [
    'sync',
    space,
    'd',
    id,
    generation,
    n,
  ];

  async function read(space: string, header: Header): Promise<SyncRecord> {
    const parts: string[] = [];
    for (let n = 0; n < header.chunks; n++)
      parts.push((await kv.get<string>(chunkKey(space, header.id, header.generation, n))).value ?? '');
    return { id: header.id, version: header.version, deleted: header.deleted, data: parts.join('') };
  }

  async function deleteChunks(space: string, id: string, generation: string, chunks: number): Promise<void> {
    for (let n = 0; n < chunks; n++) await kv.delete(chunkKey(space, id, generation, n));
  }

  return {
    async list(space, since, maxBytes): Promise<SyncListing> {
      const meta = (await kv.get<SpaceMeta>(metaKey(space))).value ?? { version: 0, bytes: 0 };
      const headers: Header[] = [];
      for await (const entry of kv.list<Header>({ prefix: ['sync', space, 'h'] })) headers.push(entry.value);
      return pageOf(meta, headers, since, maxBytes, (header) => read(space, header));
    },

    async put(space, write, quota): Promise<SyncPutResult> {
      for (;;) {
        const metaEntry = await kv.get<SpaceMeta>(metaKey(space));
        const headerEntry = await kv.get<Header>(headerKey(space, write.id));
        const meta = metaEntry.value ?? { version: 0, bytes: 0 };
        const old = headerEntry.value;
        const current = old ? await read(space, old) : undefined;
        const result = decide(current, write, meta.version, meta.bytes, quota);
        if (result.kind !== 'written') return result;
        const record = result.record;
        const generation = crypto.randomUUID();
        const pieces = chunksOf(record.data, CHUNK);
        for (const [n, piece] of pieces.entries()) await kv.set(chunkKey(space, record.id, generation, n), piece);
        const chunks = pieces.length;
        const header: Header = { id: record.id, version: record.version, deleted: record.deleted, generation, chunks };
        const bytes = meta.bytes - (current ? recordCost(current) : 0) + recordCost(record);
        const committed = await kv
          .atomic()
          .check({ key: metaKey(space), versionstamp: metaEntry.versionstamp })
          .set(headerKey(space, record.id), header)
          .set(metaKey(space), { version: record.version, bytes } satisfies SpaceMeta)
          .commit();
        if (committed.ok) {
          if (old) await deleteChunks(space, old.id, old.generation, old.chunks);
          return result;
        }
        // Another write to the space won: drop this attempt's chunks and decide again against what is there now.
        await deleteChunks(space, record.id, generation, chunks);
      }
    },

    async drop(space) {
      for await (const entry of kv.list({ prefix: ['sync', space] })) await kv.delete(entry.key);
    },
  };
}
