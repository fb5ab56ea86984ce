// What the relay's sync keeps: opaque records (ciphertext the page encrypted, a version, a deleted flag) in one
// space per access token. The relay never decrypts a record; a store only counts, orders and keeps bytes.

/** One record as stored and listed. `data` is the page's ciphertext (base64url text); "" for a tombstone. */
export interface SyncRecord {
  id: string;
  /** The space's version counter when this record was last written (so `since` lists it once). */
  version: number;
  deleted: boolean;
  data: string;
}

/** A write the page asks for: the new data (or a tombstone) over the version it last saw (0: a new record). */
export interface SyncWrite {
  id: string;
  baseVersion: number;
  deleted: boolean;
  data: string;
}

export type SyncPutResult =
  | { kind: 'written'; record: SyncRecord }
  /** The record changed since baseVersion: the page merges `current` and tries again. */
  | { kind: 'conflict'; current: SyncRecord | null }
  | { kind: 'quota'; bytes: number; quota: number };

export interface SyncListing {
  /** The space's version: pass it as `since` next time. */
  version: number;
  records: SyncRecord[];
  /** More records changed after the last one listed (the page asks again with since = its version). */
  more: boolean;
  bytes: number;
}

/**
 * Where the spaces live: files on Node/Bun (stores/sync-files.ts), a Durable Object on Workers, Deno KV on Deno,
 * memory in tests. `space` is a hash of the token (sync/space.ts), never the token. A store serializes writes to
 * one space, so a version is handed out once and the quota is checked against what is really stored.
 */
export interface SyncStore {
  list(space: string, since: number, maxBytes: number): Promise<SyncListing>;
  put(space: string, write: SyncWrite, quota: number): Promise<SyncPutResult>;
  /** Deletes every record of the space (the page's "delete remote copy"). */
  drop(space: string): Promise<void>;
}

/** Bytes a record costs against the quota: its data, its id and a fixed overhead for the version and flags. */
export function recordCost(record: { id: string; data: string }): number {
  return record.data.length + record.id.length + 64;
}
