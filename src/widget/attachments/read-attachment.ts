// Turns a picked, pasted or dropped File into what a message keeps: a resized JPEG for an image, the text for a
// text-like file or a PDF. Loaded lazily (the first attachment), so none of this weighs on the initial bundle.
import { createMessageId, type MessageAttachment } from '../conversation/message.js';
import { estimateTokens, MESSAGE_OVERHEAD } from '../conversation/trim.js';
import { fencedFile } from './fence.js';
import { extensionOf, fileHandling } from './file-types.js';
import { IMAGE_TOKENS, MAX_FILE_BYTES } from './limits.js';
import { resizeImage } from './resize-image.js';

/** Why a file was refused (each has a localized message in i18n.ts). */
export type RefusalReason = 'tooBig' | 'unsupported' | 'unreadable' | 'empty' | 'overContext';

export class AttachmentRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly fileName: string,
    readonly tokens = 0,
  ) {
    super(`${fileName}: ${reason}`);
  }
}

export interface ReadAttachment {
  meta: MessageAttachment;
  /** What blob-store.ts keeps: the resized JPEG, or the file's text as text/plain. */
  blob: Blob;
}

/** A text file with NUL characters in its first KB is binary that only looks like text by its name. */
function looksBinary(text: string): boolean {
  return text.slice(0, 1024).includes('\u0000');
}

/** Reads `file`; `tokenBudget` (> 0) refuses a file whose text alone would not fit the context limit. */
export async function readAttachment(file: File, tokenBudget: number): Promise<ReadAttachment> {
  const name = file.name || 'file';
  const handling = fileHandling(file);
  if (handling === 'unsupported') throw new AttachmentRefused('unsupported', name);
  if (file.size > MAX_FILE_BYTES) throw new AttachmentRefused('tooBig', name);
  const id = createMessageId();
  if (handling === 'image') {
    const image = await resizeImage(file).catch(() => {
      throw new AttachmentRefused('unreadable', name);
    });
    const meta: MessageAttachment = {
      id,
      kind: 'image',
      name,
      type: image.blob.type || 'image/jpeg',
      size: image.blob.size,
      width: image.width,
      height: image.height,
      tokens: IMAGE_TOKENS,
    };
    return { meta, blob: image.blob };
  }
  let text: string;
  try {
    if (handling === 'pdf') {
      const { pdfText } = await import('./pdf-text.js');
      text = await pdfText(await file.arrayBuffer());
    } else {
      text = await file.text();
    }
  } catch {
    throw new AttachmentRefused('unreadable', name);
  }
  if (handling === 'text' && looksBinary(text)) throw new AttachmentRefused('unsupported', name);
  if (!text.trim()) throw new AttachmentRefused('empty', name);
  const tokens = estimateTokens(fencedFile(name, text, extensionOf(name))) + MESSAGE_OVERHEAD;
  if (tokenBudget > 0 && tokens > tokenBudget) throw new AttachmentRefused('overContext', name, tokens);
  const blob = new Blob([text], { type: 'text/plain;charset=utf-8' });
  return { meta: { id, kind: 'file', name, type: 'text/plain', size: blob.size, tokens }, blob };
}
