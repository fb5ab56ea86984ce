// The page's side of attachments. The element runs with storage="none", so it keeps attachment Blobs in memory
// only: the page writes them to IndexedDB (the element's blob store) when it saves the chat, and carries them
// through export (base64 data: URLs in the file) and import (checked, decoded, stored).
import { getBlob, persistBlobs, putBlob } from '../../src/widget/conversation/blob-store.js';
import type { Chat } from './types.js';

const persisted = new Set<string>();

/** The attachment ids of `chats`' messages. */
export function attachmentIds(chats: Iterable<Chat>): string[] {
  const ids: string[] = [];
  for (const chat of chats) for (const m of chat.messages) for (const a of m.attachments ?? []) ids.push(a.id);
  return ids;
}

/** Writes the Blobs of `chat`'s attachments that are new since the last call (the rest are stored already). */
export async function persistAttachments(chat: Chat): Promise<void> {
  const fresh = attachmentIds([chat]).filter((id) => !persisted.has(id));
  if (fresh.length === 0) return;
  for (const id of fresh) persisted.add(id);
  await persistBlobs(fresh).catch(() => fresh.forEach((id) => persisted.delete(id)));
}

function toDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** id → data: URL of every attachment of `chats` this browser still holds (for the export file). */
export async function exportBlobs(chats: Iterable<Chat>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of attachmentIds(chats)) {
    const blob = await getBlob(id);
    if (blob) out[id] = await toDataUrl(blob);
  }
  return out;
}

/** The media types an imported attachment may have: what the element itself stores. */
const IMPORTABLE = /^data:(image\/(?:jpeg|png|webp|gif)|text\/plain(?:;charset=utf-8)?);base64,/i;

/** A data: URL from an export file as a Blob, or null when it is not one the element would have stored. */
export function blobFromDataUrl(url: unknown): Blob | null {
  if (typeof url !== 'string') return null;
  const head = IMPORTABLE.exec(url.slice(0, 64));
  if (!head) return null;
  let binary: string;
  try {
    binary = atob(url.slice(head[0].length));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: head[1]!.toLowerCase() });
}

/** Stores the attachments of an imported file (ids the file's messages name); returns how many were stored. */
export async function importBlobs(blobs: Record<string, unknown>, wanted: Iterable<string>): Promise<number> {
  let stored = 0;
  for (const id of new Set(wanted)) {
    const blob = blobFromDataUrl(blobs[id]);
    if (!blob) continue;
    await putBlob(id, blob, true);
    persisted.add(id);
    stored++;
  }
  return stored;
}
