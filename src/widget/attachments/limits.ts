// What may be attached, and how much: the numbers the UI states and the checks enforce.

export type AttachmentKind = 'image' | 'file';

/** Images per message. */
export const MAX_IMAGES = 4;
/** Files (text, PDF) per message. */
export const MAX_FILES = 4;
/** Largest file accepted, raw bytes (an image is resized; a text or PDF file is read whole). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** An image's long side after resizing. */
export const IMAGE_MAX_SIDE = 2048;
/** An image's encoded size after re-encoding (JPEG quality steps down until it fits). */
export const IMAGE_MAX_BYTES = 1024 * 1024;
/**
 * Tokens an image costs, for context trimming: OpenAI's high-detail price of a 1024×1024 image (85 + 4 tiles ×
 * 170). Real costs vary by provider and size; a fixed estimate keeps trimming cheap and predictable.
 */
export const IMAGE_TOKENS = 765;

/** The kinds named in the `attachments` attribute (space-separated); unknown words are ignored. */
export function parseAttachmentKinds(value: string | null | undefined): Set<AttachmentKind> {
  const kinds = new Set<AttachmentKind>();
  for (const word of (value ?? '').toLowerCase().split(/\s+/)) {
    if (word === 'image' || word === 'file') kinds.add(word);
  }
  return kinds;
}
