// Guard: image parts. An `image_url` part must point at a `data:image/(png|jpeg|webp|gif);base64,` URL or an
// `https:` URL; anything else (http:, file:, javascript:, data:text/html, SVG) is a 400 naming the message and
// part. Only messages whose content is an array are looked at, and only each URL's prefix: linear, no regex.
import type { ChatCompletionRequest } from '../../shared/openai.js';
import { paramError } from '../errors.js';

const DATA_PREFIXES = [
  'data:image/png;base64,',
  'data:image/jpeg;base64,',
  'data:image/webp;base64,',
  'data:image/gif;base64,',
];
const LONGEST_PREFIX = Math.max(...DATA_PREFIXES.map((p) => p.length));

/** Whether `url` is an image URL the relay passes on (case-insensitive scheme and media type). */
export function isAllowedImageUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  const head = url.slice(0, LONGEST_PREFIX).toLowerCase();
  if (head.startsWith('https://')) return url.length > 8;
  return DATA_PREFIXES.some((prefix) => head.startsWith(prefix));
}

/** Checks every image part; returns a 400 naming `messages[i].content[j]`, else null. */
export function checkImageParts(body: ChatCompletionRequest): Response | null {
  const messages = body.messages;
  for (let i = 0; i < messages.length; i++) {
    const content = messages[i]?.content;
    if (!Array.isArray(content)) continue;
    for (let j = 0; j < content.length; j++) {
      const part = content[j] as { type?: unknown; image_url?: unknown } | null;
      if (!part || typeof part !== 'object' || part.type !== 'image_url') continue;
      const image = part.image_url as { url?: unknown } | string | null | undefined;
      const url = typeof image === 'string' ? image : image && typeof image === 'object' ? image.url : undefined;
      if (isAllowedImageUrl(url)) continue;
      const param = `messages[${i}].content[${j}].image_url.url`;
      const message =
        `Image part ${param} is not allowed: an image must be a data:image/(png|jpeg|webp|gif);base64, URL ` +
        'or an https: URL.';
      return paramError(param, message, 'invalid_image_url');
    }
  }
  return null;
}
