// Attachment bytes (resized images, file texts) by attachment id: in memory for this page, and in IndexedDB as
// Blobs (never base64 inside the JSON a conversation is saved as) when the conversation persists. The element
// and the page share it: the page keeps its chats elsewhere and calls persistBlobs() for the ids it saves.

const DB_NAME = 'gpt-chat-attachments';
const STORE = 'blobs';

const memory = new Map<string, Blob>();
let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      // Private modes and sandboxed frames may refuse IndexedDB: then attachments live for this page only.
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | null> {
  return open().then(
    (db) =>
      new Promise<T | null>((resolve, reject) => {
        if (!db) return resolve(null);
        const tx = db.transaction(STORE, mode);
        const request = use(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request ? request.result : null);
        tx.onabort = tx.onerror = () => reject(tx.error);
      }),
  );
}

/** Keeps `blob` under `id` for this page; `persist` also writes it to IndexedDB. */
export async function putBlob(id: string, blob: Blob, persist: boolean): Promise<void> {
  memory.set(id, blob);
  if (persist) await run('readwrite', (store) => void store.put(blob, id));
}

/** The blob for `id` (memory first, then IndexedDB), or null when it is gone. */
export async function getBlob(id: string): Promise<Blob | null> {
  const cached = memory.get(id);
  if (cached) return cached;
  const stored = await run<Blob | undefined>('readonly', (store) => store.get(id)).catch(() => null);
  if (stored instanceof Blob) memory.set(id, stored);
  return stored instanceof Blob ? stored : null;
}

/** The blob for `id` if this page already holds it (for drawing without waiting). */
export function cachedBlob(id: string): Blob | null {
  return memory.get(id) ?? null;
}

/** Writes the blobs this page holds for `ids` to IndexedDB (ids it does not hold are skipped). */
export async function persistBlobs(ids: Iterable<string>): Promise<void> {
  const entries = [...ids].flatMap((id) => (memory.has(id) ? [[id, memory.get(id)!] as const] : []));
  if (entries.length === 0) return;
  await run('readwrite', (store) => {
    for (const [id, blob] of entries) store.put(blob, id);
  });
}

/** Forgets `ids` here and in IndexedDB. */
export async function deleteBlobs(ids: Iterable<string>): Promise<void> {
  const list = [...ids];
  for (const id of list) memory.delete(id);
  if (list.length === 0) return;
  await run('readwrite', (store) => {
    for (const id of list) store.delete(id);
  }).catch(() => undefined);
}
