// A conversation message as the widget keeps and stores it. Only role + content are ever sent upstream
// (see trim.ts); reasoning, status, error and greeting entries stay local.

export type ConversationStatus = 'complete' | 'streaming' | 'interrupted' | 'error' | 'cut';

export interface ConversationMessage {
  id: string;
  role: 'user' | 'assistant' | 'system';
  content: string;
  /** The model's thinking (reasoning_content or <think>); shown collapsed, never sent back. */
  reasoning?: string;
  /** How long the model reasoned (ms), from its first reasoning to its first reply text: "Thought for 12 s". */
  reasoningMs?: number;
  /** 'cut' = finish_reason "length"; 'interrupted' = stopped, failed mid-way, or the page reloaded mid-stream. */
  status?: ConversationStatus;
  /** What went wrong, for an 'error' entry. */
  error?: { kind: string; status: number | null; code: string | null; message: string };
  /** Images and files sent with a user message; their bytes live in blob-store.ts under each id. */
  attachments?: MessageAttachment[];
  /** A greeting line from the `greeting` attribute: shown, never sent. */
  greeting?: boolean;
  createdAt: number;
}

/** What a message keeps about an attachment (the bytes are Blobs in IndexedDB, see blob-store.ts). */
export interface MessageAttachment {
  id: string;
  /** `image`: sent as an image_url part; `file`: its text sent as a fenced block headed by its name. */
  kind: 'image' | 'file';
  name: string;
  /** MIME type of the stored blob (image/jpeg for a resized image, text/plain for a file's text). */
  type: string;
  /** Stored size in bytes. */
  size: number;
  /** An image's pixel size after resizing. */
  width?: number;
  height?: number;
  /** Estimated tokens (context trimming counts them). */
  tokens: number;
}

/** A unique id that works outside secure contexts too (crypto.randomUUID needs https or localhost). */
export function createMessageId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // not a secure context: fall through
    }
  }
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
