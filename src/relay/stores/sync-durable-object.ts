// The SyncStore on Cloudflare Workers: one Durable Object per space (per access token's hash). A Durable Object runs
// one request at a time against strongly consistent storage, so versions and the quota need no other lock. Values
// are capped at 128 KiB in Durable Object storage, so a record's data is kept in chunks next to its header; a write
// puts the header and every chunk in one storage call, which commits atomically.
//
// No imports from 'cloudflare:workers' (as stores/durable-object.ts): the classic fetch() interface only.
import type { CounterNamespace } from './durable-object.js';
import {
  recordCost,
  type SyncListing,
  type SyncPutResult,
  type SyncRecord,
  type SyncStore,
  type SyncWrite,
} from '../sync/types.js';
import { chunksOf, pageOf, type SpaceMeta } from './sync-chunks.js';
import { decide } from './sync-memory.js';

/** The part of a Durable Object's `state.storage` the sync object uses. */
interface SyncStorage {
  get<T>(key: string): Promise<T | undefined>;
  get<T>(keys: string[]): Promise<Map<string, T>>;
  put(entries: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<number>;
  list<T>(options: { prefix: string }): Promise<Map<string, T>>;
  deleteAll(): Promise<void>;
}

/** A record's header; its data is in `chunks` values under `d:<id>:<n>`. */
interface Header {
  id: string;
  version: number;
  deleted: boolean;
  chunks: number;
}

const CHUNK = 96 * 1024;
const OBJECT_URL = 'https://sync.invalid/';

/** The SyncStore the relay uses on Workers: `new DurableObjectSyncStore(env.SYNC)`. */
export class DurableObjectSyncStore implements SyncStore {
  constructor(private readonly namespace: CounterNamespace) {}

  async list(space: string, since: number, maxBytes: number): Promise<SyncListing> {
    return (await this.call(space, 'list', { since, maxBytes })) as SyncListing;
  }

  async put(space: string, write: SyncWrite, quota: number): Promise<SyncPutResult> {
    return (await this.call(space, 'put', { write, quota })) as SyncPutResult;
  }

  async drop(space: string): Promise<void> {
    await this.call(space, 'drop', {});
  }

  private async call(space: string, op: string, body: object): Promise<unknown> {
    const stub = this.namespace.get(this.namespace.idFromName(space) as never);
    const response = await stub.fetch(new Request(OBJECT_URL + op, { method: 'POST', body: JSON.stringify(body) }));
    if (!response.ok) throw new Error(`sync object answered ${response.status}`);
    return response.json();
  }
}

/**
 * The Durable Object class behind DurableObjectSyncStore. Export it from the Worker's main module and bind it
 * (wrangler.toml: `[[durable_objects.bindings]] name = "SYNC", class_name = "SyncObject"`).
 */
export class SyncObject {
  constructor(private readonly state: { storage: SyncStorage }) {}

  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') return new Response('method not allowed', { status: 405 });
    const op = new URL(request.url).pathname;
    const body = (await request.json()) as Record<string, unknown>;
    if (op === '/list') return Response.json(await this.list(body.since as number, body.maxBytes as number));
    if (op === '/put') return Response.json(await this.put(body.write as SyncWrite, body.quota as number));
    if (op === '/drop') {
      await this.state.storage.deleteAll();
      return Response.json({});
    }
    return new Response('unknown op', { status: 404 });
  }

  private async meta(): Promise<SpaceMeta> {
    return (await this.state.storage.get<SpaceMeta>('meta')) ?? { version: 0, bytes: 0 };
  }

  private async read(header: Header): Promise<SyncRecord> {
    const keys = Array.from({ length: header.chunks }, (_, i) => `d:${header.id}:${i}`);
    const chunks = keys.length ? await this.state.storage.get<string>(keys) : new Map<string, string>();
    const data = keys.map((key) => chunks.get(key) ?? '').join('');
    return { id: header.id, version: header.version, deleted: header.deleted, data };
  }

  private async list(since: number, maxBytes: number): Promise<SyncListing> {
    const headers = (await this.state.storage.list<Header>({ prefix: 'h:' })).values();
    return pageOf(await this.meta(), headers, since, maxBytes, (header) => this.read(header));
  }

  private async put(write: SyncWrite, quota: number): Promise<SyncPutResult> {
    const storage = this.state.storage;
    const meta = await this.meta();
    const header = await storage.get<Header>(`h:${write.id}`);
    const current = header ? await this.read(header) : undefined;
    const result = decide(current, write, meta.version, meta.bytes, quota);
    if (result.kind !== 'written') return result;
    const record = result.record;
    const entries: Record<string, unknown> = {};
    const pieces = chunksOf(record.data, CHUNK);
    for (const [i, piece] of pieces.entries()) entries[`d:${record.id}:${i}`] = piece;
    const chunks = pieces.length;
    entries[`h:${record.id}`] = {
      id: record.id,
      version: record.version,
      deleted: record.deleted,
      chunks,
    } satisfies Header;
    entries.meta = {
      version: record.version,
      bytes: meta.bytes - (current ? recordCost(current) : 0) + recordCost(record),
    } satisfies SpaceMeta;
    const stale = Array.from(
      { length: Math.max(0, (header?.chunks ?? 0) - chunks) },
      (_, i) => `d:${record.id}:${chunks + i}`,
    );
    // No await between the two calls: the object's output gate commits them together.
    const written = storage.put(entries);
    const removed = stale.length ? storage.delete(stale) : Promise.resolve(0);
    await Promise.all([written, removed]);
    return result;
  }
}
