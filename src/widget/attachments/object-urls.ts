// Object URLs for drawing attachment thumbnails: one per attachment id, made from the blob this page holds or,
// after a reload, from IndexedDB (then `ready` runs so the view draws again).
import { cachedBlob, getBlob } from '../conversation/blob-store.js';

const urls = new Map<string, string>();
const loading = new Set<string>();

/** The URL for `id` now, or undefined while it loads (then `ready` is called once it can be drawn). */
export function attachmentUrl(id: string, ready: () => void): string | undefined {
  const known = urls.get(id);
  if (known) return known;
  const blob = cachedBlob(id);
  if (blob) {
    const url = URL.createObjectURL(blob);
    urls.set(id, url);
    return url;
  }
  if (!loading.has(id)) {
    loading.add(id);
    void getBlob(id).then((stored) => {
      loading.delete(id);
      if (stored) ready();
    });
  }
  return undefined;
}

/** Releases the URLs of attachments that are gone. */
export function releaseAttachmentUrls(ids: Iterable<string>): void {
  for (const id of ids) {
    const url = urls.get(id);
    if (url) URL.revokeObjectURL(url);
    urls.delete(id);
  }
}
