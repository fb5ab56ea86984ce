// The SyncStore kept in a Map, per process: for tests and for a relay started without --sync-dir on purpose.
// Also the reference the other stores are tested against (test/relay/stores/sync-stores.test.ts).
import {
  recordCost,
  type SyncListing,
  type SyncPutResult,
  type SyncRecord,
  type SyncStore,
  type SyncWrite,
} from '../sync/types.js';

interface Space {
  version: number;
  bytes: number;
  records: Map<string, SyncRecord>;
}

/** Records changed after `since`, oldest first, up to about maxBytes of data. */
export function listing(space: Space | undefined, since: number, maxBytes: number): SyncListing {
  if (!space) return { version: 0, records: [], more: false, bytes: 0 };
  const changed = [...space.records.values()].filter((r) => r.version > since).sort((a, b) => a.version - b.version);
  const records: SyncRecord[] = [];
  let total = 0;
  for (const record of changed) {
    if (records.length > 0 && total + record.data.length > maxBytes) break;
    records.push(record);
    total += record.data.length;
  }
  const more = records.length < changed.length;
  return { version: more ? records[records.length - 1]!.version : space.version, records, more, bytes: space.bytes };
}

/** The write's outcome against what is stored: a conflict, over quota, or the new record (not yet kept). */
export function decide(
  current: SyncRecord | undefined,
  write: SyncWrite,
  spaceVersion: number,
  spaceBytes: number,
  quota: number,
): SyncPutResult {
  if ((current?.version ?? 0) !== write.baseVersion) return { kind: 'conflict', current: current ?? null };
  const data = write.deleted ? '' : write.data;
  const bytes = spaceBytes - (current ? recordCost(current) : 0) + recordCost({ id: write.id, data });
  // Shrinking writes (deletes, smaller edits) always pass, so a full space can still be cleaned up.
  if (bytes > quota && bytes > spaceBytes) return { kind: 'quota', bytes: spaceBytes, quota };
  return { kind: 'written', record: { id: write.id, version: spaceVersion + 1, deleted: write.deleted, data } };
}

export function createMemorySyncStore(): SyncStore {
  const spaces = new Map<string, Space>();
  return {
    async list(name, since, maxBytes) {
      return listing(spaces.get(name), since, maxBytes);
    },
    async put(name, write, quota) {
      let space = spaces.get(name);
      const current = space?.records.get(write.id);
      const result = decide(current, write, space?.version ?? 0, space?.bytes ?? 0, quota);
      if (result.kind !== 'written') return result;
      space ??= { version: 0, bytes: 0, records: new Map() };
      spaces.set(name, space);
      space.bytes += recordCost(result.record) - (current ? recordCost(current) : 0);
      space.version = result.record.version;
      space.records.set(write.id, result.record);
      return result;
    },
    async drop(name) {
      spaces.delete(name);
    },
  };
}
