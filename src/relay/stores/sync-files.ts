// The SyncStore on Node and Bun (`--sync-dir DIR`): one directory per space, one file per record. A record is
// written to a temp file, fsynced, renamed over the old one and the directory fsynced, so a crash (kill -9, power
// loss) leaves either the old record or the new one, never a torn one. The index (versions and sizes) is rebuilt
// from the files when a space is first touched, so there is no second file that could disagree with them.
import { open, mkdir, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { recordCost, type SyncRecord, type SyncStore, type SyncWrite } from '../sync/types.js';
import { isRecordId } from '../sync/limits.js';
import { decide } from './sync-memory.js';

const SUFFIX = '.rec';
/** Temp and dropped names start with a dot, which no record id may (sync/limits.ts). */
const TEMP_PREFIX = '.tmp-';

interface Entry {
  version: number;
  cost: number;
  deleted: boolean;
}

interface Space {
  dir: string;
  version: number;
  bytes: number;
  entries: Map<string, Entry>;
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory for fsync; its rename is already durable enough there.
  }
}

async function writeAtomically(dir: string, name: string, text: string): Promise<void> {
  const temp = join(dir, TEMP_PREFIX + randomUUID());
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, name));
  await fsyncDir(dir);
}

function parseRecord(text: string, id: string): SyncRecord | null {
  try {
    const record = JSON.parse(text) as SyncRecord;
    const ok =
      record.id === id &&
      Number.isSafeInteger(record.version) &&
      typeof record.deleted === 'boolean' &&
      typeof record.data === 'string';
    return ok ? record : null;
  } catch {
    return null;
  }
}

/** The file store. `dir` is created when missing; each space is a subdirectory named by its hash. */
export function createFileSyncStore(dir: string): SyncStore {
  const spaces = new Map<string, Promise<Space>>();
  const queues = new Map<string, Promise<unknown>>();

  async function load(name: string): Promise<Space> {
    const spaceDir = join(dir, name);
    const space: Space = { dir: spaceDir, version: 0, bytes: 0, entries: new Map() };
    // A space that was never written has no directory: reading it creates none.
    const files = await readdir(spaceDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    for (const file of files) {
      // A temp file is an upload the process died in: the old record (if any) is still whole, so drop it.
      if (file.startsWith(TEMP_PREFIX)) await unlink(join(spaceDir, file)).catch(() => {});
      if (!file.endsWith(SUFFIX)) continue;
      const id = file.slice(0, -SUFFIX.length);
      if (!isRecordId(id)) continue;
      const record = parseRecord(await readFile(join(spaceDir, file), 'utf8'), id);
      if (!record) continue;
      space.entries.set(id, { version: record.version, cost: recordCost(record), deleted: record.deleted });
      space.version = Math.max(space.version, record.version);
      space.bytes += recordCost(record);
    }
    return space;
  }

  const spaceFor = (name: string): Promise<Space> => {
    let space = spaces.get(name);
    if (!space) {
      space = load(name);
      spaces.set(name, space);
      space.catch(() => spaces.delete(name));
    }
    return space;
  };

  /** Runs `task` after every earlier task on the same space: one writer per space. */
  function serial<T>(name: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(name) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => {});
    queues.set(name, tail);
    void tail.then(() => {
      if (queues.get(name) === tail) queues.delete(name);
    });
    return run;
  }

  async function read(space: Space, id: string): Promise<SyncRecord | undefined> {
    if (!space.entries.has(id)) return undefined;
    return parseRecord(await readFile(join(space.dir, id + SUFFIX), 'utf8'), id) ?? undefined;
  }

  return {
    list: (name, since, maxBytes) =>
      serial(name, async () => {
        const space = await spaceFor(name);
        const changed = [...space.entries].filter(([, entry]) => entry.version > since);
        changed.sort((a, b) => a[1].version - b[1].version);
        // The same page rule as the memory store: stop before the record that would pass maxBytes.
        const records: SyncRecord[] = [];
        let total = 0;
        let next = 0;
        for (; next < changed.length; next++) {
          const record = await read(space, changed[next]![0]);
          if (!record) continue;
          if (records.length > 0 && total + record.data.length > maxBytes) break;
          records.push(record);
          total += record.data.length;
        }
        const more = next < changed.length;
        const version = more ? records[records.length - 1]!.version : space.version;
        return { version, records, more, bytes: space.bytes };
      }),
    put: (name, write: SyncWrite, quota) =>
      serial(name, async () => {
        const space = await spaceFor(name);
        const current = await read(space, write.id);
        const result = decide(current, write, space.version, space.bytes, quota);
        if (result.kind !== 'written') return result;
        if (space.entries.size === 0) await mkdir(space.dir, { recursive: true, mode: 0o700 });
        await writeAtomically(space.dir, write.id + SUFFIX, JSON.stringify(result.record));
        const cost = recordCost(result.record);
        space.bytes += cost - (current ? recordCost(current) : 0);
        space.version = result.record.version;
        space.entries.set(write.id, { version: result.record.version, cost, deleted: result.record.deleted });
        return result;
      }),
    drop: (name) =>
      serial(name, async () => {
        const space = await spaceFor(name);
        spaces.delete(name);
        // Renamed first, so a crash mid-delete leaves no half-deleted space that looks like a whole one.
        const gone = join(dir, TEMP_PREFIX + randomUUID());
        try {
          await rename(space.dir, gone);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw error;
        }
        await fsyncDir(dir);
        await rm(gone, { recursive: true, force: true });
      }),
  };
}
