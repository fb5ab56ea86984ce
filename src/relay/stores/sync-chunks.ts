// What the sync stores with a per-value size cap (Durable Objects, Deno KV) share: a record's data cut into
// chunks kept next to a small header, and a listing page that reads records only as far as the page goes.
import type { SyncListing, SyncRecord } from '../sync/types.js';
import { listing } from './sync-memory.js';

/** A space's running totals, kept beside its records: the last version given out and the bytes stored. */
export interface SpaceMeta {
  version: number;
  bytes: number;
}

/** `data` in pieces of at most `size` characters (none for empty data). */
export function chunksOf(data: string, size: number): string[] {
  return Array.from({ length: Math.ceil(data.length / size) }, (_, n) => data.slice(n * size, (n + 1) * size));
}

/**
 * One page of the records changed after `since`, from their headers: `read` loads a record's chunks, and stops
 * being called once the page is full. `more` and `version` then say where the next page starts.
 */
export async function pageOf<H extends { version: number }>(
  meta: { version: number; bytes: number },
  headers: Iterable<H>,
  since: number,
  maxBytes: number,
  read: (header: H) => Promise<SyncRecord>,
): Promise<SyncListing> {
  const changed = [...headers].filter((h) => h.version > since).sort((a, b) => a.version - b.version);
  const records = new Map<string, SyncRecord>();
  let total = 0;
  for (const header of changed) {
    const record = await read(header);
    records.set(record.id, record);
    total += record.data.length;
    if (total > maxBytes) break;
  }
  const page = listing({ ...meta, records }, since, maxBytes);
  const more = page.more || page.records.length < changed.length;
  return { ...page, more, version: more ? page.records[page.records.length - 1]!.version : meta.version };
}
