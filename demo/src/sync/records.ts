// Which local things are sync records, and their record ids: `chat-…`, `persona-…` (the local id in base64url, so
// any id fits the relay's charset) and one `settings` record for the preferences that follow the user.
import { toBase64Url, fromBase64Url } from './crypto.js';
import type { Settings } from '../types.js';

export type RecordKind = 'chat' | 'persona' | 'settings';

export const SETTINGS_RECORD = 'settings';

/** The settings that follow the user to other devices (not the relay address or access codes: per device). */
export const SYNCED_SETTINGS = ['theme', 'lang', 'sendKey', 'defaultModel', 'modelTitles'] as const;
export type SyncedSettings = Pick<Settings, (typeof SYNCED_SETTINGS)[number]> & { updatedAt: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function recordIdOf(kind: 'chat' | 'persona', localId: string): string {
  return `${kind}-${toBase64Url(encoder.encode(localId))}`;
}

/** The kind and local id of a record id; null for the space's own records (salt, verifier) or unknown ones. */
export function parseRecordId(id: string): { kind: RecordKind; localId: string } | null {
  if (id === SETTINGS_RECORD) return { kind: 'settings', localId: '' };
  const dash = id.indexOf('-');
  const kind = id.slice(0, dash);
  if (dash < 0 || (kind !== 'chat' && kind !== 'persona')) return null;
  try {
    return { kind, localId: decoder.decode(fromBase64Url(id.slice(dash + 1))) };
  } catch {
    return null;
  }
}
