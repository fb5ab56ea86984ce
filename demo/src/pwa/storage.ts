// Persistent storage: asked for once, with the first saved chat (browsers grant it more readily after use), and
// the numbers Settings shows (how much is stored, whether the browser may evict it).

let asked = false;

/** Asks the browser not to evict the page's data (once per visit; a no-op where unsupported). */
export function askPersistentStorage(): void {
  if (asked) return;
  asked = true;
  void navigator.storage?.persist?.().catch(() => false);
}

export interface StorageInfo {
  used: number | null;
  quota: number | null;
  persistent: boolean;
}

export async function storageInfo(): Promise<StorageInfo> {
  const storage = navigator.storage;
  const [estimate, persistent] = await Promise.all([
    storage?.estimate?.().catch(() => null) ?? null,
    storage?.persisted?.().catch(() => false) ?? false,
  ]);
  return { used: estimate?.usage ?? null, quota: estimate?.quota ?? null, persistent: Boolean(persistent) };
}
