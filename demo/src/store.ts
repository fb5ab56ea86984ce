// The page's storage: a small IndexedDB wrapper with a localStorage fallback (private modes, old WebViews),
// and an in-memory last resort that says so. A write that does not fit rejects with StorageFullError — the
// caller keeps the data in memory and shows a warning; nothing is dropped silently.

export type Bucket = 'chats' | 'personas';
export type StoreKind = 'indexeddb' | 'localstorage' | 'memory';

export interface Store {
  readonly kind: StoreKind;
  getAll<T>(bucket: Bucket): Promise<T[]>;
  put(bucket: Bucket, value: { id: string }): Promise<void>;
  /** Replaces several records in one transaction (all or nothing where the backend allows it). */
  putMany(bucket: Bucket, values: Array<{ id: string }>): Promise<void>;
  delete(bucket: Bucket, id: string): Promise<void>;
}

export class StorageFullError extends Error {
  constructor(cause?: unknown) {
    super('storage full', { cause });
    this.name = 'StorageFullError';
  }
}

const DB_NAME = 'gpt-chat-page';
const DB_VERSION = 1;
const BUCKETS: Bucket[] = ['chats', 'personas'];
const LS_PREFIX = 'gpt-chat-page:';

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

const toStoreError = (error: unknown) => (isQuotaError(error) ? new StorageFullError(error) : error);

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // Quota errors surface as an abort of the whole transaction.
    tx.onabort = () => reject(toStoreError(tx.error));
    tx.onerror = () => reject(toStoreError(tx.error));
  });
}

class IdbStore implements Store {
  readonly kind = 'indexeddb' as const;
  constructor(private readonly db: IDBDatabase) {}

  async getAll<T>(bucket: Bucket): Promise<T[]> {
    const tx = this.db.transaction(bucket, 'readonly');
    return promised(tx.objectStore(bucket).getAll()) as Promise<T[]>;
  }

  put(bucket: Bucket, value: { id: string }): Promise<void> {
    return this.putMany(bucket, [value]);
  }

  async putMany(bucket: Bucket, values: Array<{ id: string }>): Promise<void> {
    let tx: IDBTransaction;
    try {
      tx = this.db.transaction(bucket, 'readwrite');
      const os = tx.objectStore(bucket);
      for (const v of values) os.put(v);
    } catch (error) {
      throw toStoreError(error);
    }
    await done(tx);
  }

  async delete(bucket: Bucket, id: string): Promise<void> {
    const tx = this.db.transaction(bucket, 'readwrite');
    tx.objectStore(bucket).delete(id);
    await done(tx);
  }
}

class LocalStore implements Store {
  readonly kind = 'localstorage' as const;
  constructor(private readonly ls: Storage) {}

  private key(bucket: Bucket, id: string) {
    return `${LS_PREFIX}${bucket}:${id}`;
  }

  async getAll<T>(bucket: Bucket): Promise<T[]> {
    const out: T[] = [];
    const prefix = `${LS_PREFIX}${bucket}:`;
    for (let i = 0; i < this.ls.length; i++) {
      const k = this.ls.key(i);
      if (!k?.startsWith(prefix)) continue;
      try {
        out.push(JSON.parse(this.ls.getItem(k) ?? 'null') as T);
      } catch {
        // A corrupt record is skipped, not allowed to break the whole list.
      }
    }
    return out.filter(Boolean);
  }

  async put(bucket: Bucket, value: { id: string }): Promise<void> {
    try {
      this.ls.setItem(this.key(bucket, value.id), JSON.stringify(value));
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async putMany(bucket: Bucket, values: Array<{ id: string }>): Promise<void> {
    // localStorage has no transactions: roll back what was written if one write fails.
    const previous = values.map((v) => [this.key(bucket, v.id), this.ls.getItem(this.key(bucket, v.id))] as const);
    try {
      for (const v of values) await this.put(bucket, v);
    } catch (error) {
      for (const [k, old] of previous) {
        try {
          if (old === null) this.ls.removeItem(k);
          else this.ls.setItem(k, old);
        } catch {
          /* best effort */
        }
      }
      throw error;
    }
  }

  async delete(bucket: Bucket, id: string): Promise<void> {
    this.ls.removeItem(this.key(bucket, id));
  }
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly data = new Map<Bucket, Map<string, unknown>>(BUCKETS.map((b) => [b, new Map()]));
  async getAll<T>(bucket: Bucket): Promise<T[]> {
    return [...this.data.get(bucket)!.values()].map((v) => structuredClone(v) as T);
  }
  async put(bucket: Bucket, value: { id: string }): Promise<void> {
    this.data.get(bucket)!.set(value.id, structuredClone(value));
  }
  async putMany(bucket: Bucket, values: Array<{ id: string }>): Promise<void> {
    for (const v of values) await this.put(bucket, v);
  }
  async delete(bucket: Bucket, id: string): Promise<void> {
    this.data.get(bucket)!.delete(id);
  }
}

function openIdb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('no indexedDB'));
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(DB_NAME, DB_VERSION);
    } catch (error) {
      return reject(error);
    }
    // Some private modes never answer: do not hang the page on it.
    const timer = setTimeout(() => reject(new Error('indexedDB open timed out')), 3000);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const b of BUCKETS) if (!db.objectStoreNames.contains(b)) db.createObjectStore(b, { keyPath: 'id' });
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve(request.result);
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error);
    };
    request.onblocked = () => {
      clearTimeout(timer);
      reject(new Error('indexedDB blocked'));
    };
  });
}

function usableLocalStorage(): Storage | null {
  try {
    const ls = globalThis.localStorage;
    const probe = `${LS_PREFIX}probe`;
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return ls;
  } catch {
    return null;
  }
}

/** Opens the best store this browser offers. `prefer` forces a backend (tests and `?store=`). */
export async function openStore(prefer?: StoreKind): Promise<Store> {
  if (prefer !== 'localstorage' && prefer !== 'memory') {
    try {
      return new IdbStore(await openIdb());
    } catch {
      /* fall through */
    }
  }
  if (prefer !== 'memory') {
    const ls = usableLocalStorage();
    if (ls) return new LocalStore(ls);
  }
  return new MemoryStore();
}

// ---- settings: small, read synchronously at start-up so the theme applies before first paint -------------

const SETTINGS_KEY = `${LS_PREFIX}settings`;

export function readSettingsRaw(): unknown {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(SETTINGS_KEY) ?? 'null');
  } catch {
    return null;
  }
}

/** Returns false when the settings could not be saved (they stay in effect for this visit). */
export function writeSettingsRaw(value: unknown): boolean {
  try {
    globalThis.localStorage.setItem(SETTINGS_KEY, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}
