// Export of all chats (JSON for re-import, Markdown for reading) and validated import of the JSON.
import { messageText } from './chats.js';
import { demoteHeadings } from './markdown-headings.js';
import { ImportError, newId } from './personas.js';
import type { Chat, ChatEntry } from './types.js';

export const CHATS_FILE_KIND = 'gpt-chat/chats';

export interface ChatsFile {
  kind: typeof CHATS_FILE_KIND;
  version: 1;
  exportedAt: string;
  chats: Chat[];
  /** Attachment bytes by attachment id, as base64 data: URLs (images, file texts). */
  blobs?: Record<string, string>;
}

export function chatsToJson(chats: Chat[], now = new Date(), blobs: Record<string, string> = {}): string {
  const file: ChatsFile = { kind: CHATS_FILE_KIND, version: 1, exportedAt: now.toISOString(), chats };
  if (Object.keys(blobs).length) file.blobs = blobs;
  return JSON.stringify(file, null, 2);
}

export function chatsToMarkdown(chats: Chat[], labels: { user: string; assistant: string; system: string }): string {
  const parts: string[] = [];
  for (const chat of chats) {
    parts.push(`# ${chat.title || 'Chat'}\n`);
    const meta = [new Date(chat.createdAt).toISOString(), chat.model].filter(Boolean).join(' · ');
    parts.push(`_${meta}_\n`);
    if (chat.prompt) parts.push(`> **${labels.system}:** ${chat.prompt.replace(/\n/g, '\n> ')}\n`);
    for (const m of chat.messages) {
      if (m.role !== 'user' && m.role !== 'assistant') continue;
      // "#" is the chat, "##" the speaker: the message's own headings go below them.
      const text = demoteHeadings(messageText(m), 2);
      parts.push(`## ${m.role === 'user' ? labels.user : labels.assistant}\n\n${text}\n`);
    }
    parts.push('---\n');
  }
  return parts.join('\n');
}

const ROLES = new Set(['user', 'assistant', 'system']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (v: unknown, type: 'string' | 'number') => v === undefined || typeof v === type;

/**
 * A message as the element stores it. Only role and content are required; the element's own fields (id,
 * createdAt, status, reasoning, usage, …) pass through, so an export from a newer element version re-imports.
 */
/** `undated`: the time a message without its own `createdAt` gets (its chat's last change, else now). */
function validateMessage(v: unknown, where: string, undated = Date.now()): ChatEntry {
  if (!isObject(v) || typeof v.role !== 'string' || !ROLES.has(v.role))
    throw new ImportError('importInvalid', `${where}.role`);
  if (typeof v.content !== 'string') throw new ImportError('importInvalid', `${where}.content`);
  if (!optional(v.reasoning, 'string') || !optional(v.id, 'string') || !optional(v.status, 'string'))
    throw new ImportError('importInvalid', where);
  if (v.attachments !== undefined) validateAttachments(v.attachments, `${where}.attachments`);
  const entry = { ...v, id: (v.id as string | undefined) || newId('m') } as ChatEntry;
  if (typeof v.createdAt !== 'number') (entry as { createdAt?: number }).createdAt = undated;
  if (v.status === 'streaming') entry.status = 'interrupted';
  return entry;
}

/**
 * The versions tree (see the element's conversation/tree.ts): nodes of messages with their parent and chosen child.
 * Its links are checked again when a chat is opened; a tree that does not fit the messages is then ignored.
 */
function validateVersions(v: unknown, where: string): NonNullable<Chat['versions']> {
  if (!isObject(v) || !Array.isArray(v.nodes) || !optional(v.chosenRoot, 'string'))
    throw new ImportError('importInvalid', where);
  const nodes = v.nodes.map((n, i) => {
    const at = `${where}.nodes[${i}]`;
    if (!isObject(n) || !(n.parent === null || typeof n.parent === 'string') || !optional(n.chosen, 'string'))
      throw new ImportError('importInvalid', at);
    const node: NonNullable<Chat['versions']>['nodes'][number] = {
      message: validateMessage(n.message, `${at}.message`),
      parent: n.parent,
    };
    if (typeof n.chosen === 'string') node.chosen = n.chosen;
    return node;
  });
  return typeof v.chosenRoot === 'string' ? { nodes, chosenRoot: v.chosenRoot } : { nodes };
}

/** An attachment's metadata (its bytes are in the file's `blobs`, checked when stored). */
function validateAttachments(v: unknown, where: string): void {
  if (!Array.isArray(v)) throw new ImportError('importInvalid', where);
  v.forEach((a, i) => {
    const ok =
      isObject(a) &&
      typeof a.id === 'string' &&
      (a.kind === 'image' || a.kind === 'file') &&
      typeof a.name === 'string' &&
      typeof a.type === 'string' &&
      typeof a.size === 'number' &&
      typeof a.tokens === 'number' &&
      Number.isFinite(a.tokens) &&
      optional(a.width, 'number') &&
      optional(a.height, 'number');
    if (!ok) throw new ImportError('importInvalid', `${where}[${i}]`);
  });
}

function validateChat(v: unknown, where: string): Chat {
  if (!isObject(v)) throw new ImportError('importInvalid', `${where}: not an object`);
  if (typeof v.title !== 'string') throw new ImportError('importInvalid', `${where}.title`);
  if (!Array.isArray(v.messages)) throw new ImportError('importInvalid', `${where}.messages`);
  if (!optional(v.prompt, 'string') || !optional(v.personaId, 'string') || !optional(v.model, 'string'))
    throw new ImportError('importInvalid', where);
  if (!optional(v.temperature, 'number') || !optional(v.maxTokens, 'number'))
    throw new ImportError('importInvalid', where);
  const now = Date.now();
  const time = (t: unknown) => (typeof t === 'number' && Number.isFinite(t) ? t : now);
  // An undated message is as old as its chat's last change: an old chat imported today stays among the old ones.
  const messages = v.messages.map((m, i) => validateMessage(m, `${where}.messages[${i}]`, time(v.updatedAt)));
  const chat: Chat = {
    id: typeof v.id === 'string' && v.id ? v.id : newId('c'),
    title: v.title,
    personaId: (v.personaId as string | undefined) ?? 'builtin:general',
    prompt: (v.prompt as string | undefined) ?? '',
    messages,
    createdAt: time(v.createdAt),
    updatedAt: time(v.updatedAt),
  };
  if (v.titleEdited === true) chat.titleEdited = true;
  if (v.titleAsked === true) chat.titleAsked = true;
  if (typeof v.model === 'string' && v.model) chat.model = v.model;
  if (typeof v.temperature === 'number') chat.temperature = v.temperature;
  if (typeof v.maxTokens === 'number') chat.maxTokens = v.maxTokens;
  if (v.versions !== undefined) chat.versions = validateVersions(v.versions, `${where}.versions`);
  return chat;
}

/** Parses an exported chats file. Throws ImportError on anything malformed, so an import is all or nothing. */
export function parseChatsFile(text: string): Chat[] {
  return parseChatsFileWithBlobs(text).chats;
}

/** The chats and the attachment bytes (`blobs`, unchecked data: URLs by id; {} when the file has none). */
export function parseChatsFileWithBlobs(text: string): { chats: Chat[]; blobs: Record<string, unknown> } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ImportError('importNotJson');
  }
  if (!isObject(data) || data.kind !== CHATS_FILE_KIND || !Array.isArray(data.chats))
    throw new ImportError('importWrongKind');
  const chats = data.chats.map((c, i) => validateChat(c, `chats[${i}]`));
  return { chats, blobs: isObject(data.blobs) ? data.blobs : {} };
}

/** Merges imported chats into the list: an imported chat with an existing id replaces it only when newer. */
export function mergeChats(existing: Chat[], imported: Chat[]): Chat[] {
  const byId = new Map(existing.map((c) => [c.id, c]));
  for (const chat of imported) {
    const old = byId.get(chat.id);
    if (!old || chat.updatedAt >= old.updatedAt) byId.set(chat.id, chat);
  }
  return [...byId.values()];
}
