// The page's side of attachments. The element runs with storage="none", so it keeps attachment Blobs in memory
// only: the page writes them to IndexedDB (the element's blob store) when it saves the chat, and carries them
// through export (base64 data: URLs in the file) and import (checked, decoded, stored).
import { deleteBlobs, getBlob, persistBlobs, putBlob } from '../../src/widget/conversation/blob-store.js';
import type { Chat } from './types.js';

const persisted = new Set<string>();

/** The attachment ids of `chats`' messages, those of every version (regenerated, edited) included. */
export function attachmentIds(chats: Iterable<Chat>): string[] {
  const ids = new Set<string>();
  for (const chat of chats) {
    const versions = Array.isArray(chat.versions?.nodes) ? chat.versions.nodes.map((n) => n?.message) : [];
    for (const m of [...chat.messages, ...versions]) for (const a of m?.attachments ?? []) ids.add(a.id);
  }
  return [...ids];
}

/**
 * Deletes from IndexedDB the Blobs of `removed` chats that no chat of `kept` names; resolves to them, so an undo
 * can put them back (restoreAttachments).
 */
export async function forgetAttachments(removed: Iterable<Chat>, kept: Iterable<Chat>): Promise<Map<string, Blob>> {
  const still = new Set(attachmentIds(kept));
  const gone = attachmentIds(removed).filter((id) => !still.has(id));
  const blobs = new Map<string, Blob>();
  for (const id of gone) {
    const blob = await getBlob(id);
    if (blob) blobs.set(id, blob);
    persisted.delete(id);
  }
  await deleteBlobs(gone);
  return blobs;
}

/** Stores again the Blobs forgetAttachments() took (the chat came back: undo). */
export async function restoreAttachments(blobs: Map<string, Blob>): Promise<void> {
  for (const [id, blob] of blobs) {
    await putBlob(id, blob, true);
    persisted.add(id);
  }
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
