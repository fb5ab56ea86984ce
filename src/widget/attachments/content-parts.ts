// What a user message with attachments becomes on the wire: its text and each file's text (fenced, headed by the
// file name) as one text part, then each image as an image_url part with a data: URL. A message with files but
// no images stays a plain string, which text-only providers (DeepSeek…) accept.
import type { ChatMessage, ContentPart } from '../../shared/openai.js';
import type { MessageAttachment } from '../conversation/message.js';
import { getBlob } from '../conversation/blob-store.js';
import { fencedFile } from './fence.js';
import { extensionOf } from './file-types.js';

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The content to send for `text` with `attachments` (a gone blob is named, not silently dropped). */
export async function contentWithAttachments(
  text: string,
  attachments: readonly MessageAttachment[],
): Promise<ChatMessage['content']> {
  const texts = text ? [text] : [];
  const images: ContentPart[] = [];
  for (const attachment of attachments) {
    const blob = await getBlob(attachment.id);
    if (!blob) {
      texts.push(`[${attachment.name}: no longer available]`);
    } else if (attachment.kind === 'image') {
      images.push({ type: 'image_url', image_url: { url: await dataUrl(blob) } });
    } else {
      texts.push(fencedFile(attachment.name, await blob.text(), extensionOf(attachment.name)));
    }
  }
  const joined = texts.join('\n\n');
  if (images.length === 0) return joined;
  return [...(joined ? [{ type: 'text' as const, text: joined }] : []), ...images];
}
