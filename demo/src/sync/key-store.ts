// Keeps the derived sync key between visits: the CryptoKey itself (non-extractable, so neither this page's
// scripts nor a copy of the profile can read its bytes) in IndexedDB. Where IndexedDB is missing the key lives
// for this visit only and the page asks for the passphrase again next time.
const DB = 'gpt-chat-sync';
const STORE = 'keys';
const KEY = 'space';
let memory: CryptoKey | null = null;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('no indexedDB'));
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export async function saveKey(key: CryptoKey): Promise<void> {
  memory = key;
  await run('readwrite', (store) => store.put(key, KEY)).catch(() => {});
}

export async function loadKey(): Promise<CryptoKey | null> {
  if (memory) return memory;
  const key = await run<CryptoKey | undefined>('readonly', (store) => store.get(KEY)).catch(() => undefined);
  memory = key ?? null;
  return memory;
}

export async function forgetKey(): Promise<void> {
  memory = null;
  await run('readwrite', (store) => store.delete(KEY)).catch(() => {});
}
