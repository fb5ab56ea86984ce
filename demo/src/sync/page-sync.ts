// Connects the sync engine to the page: the repo's chats and personas, the synced settings, and what the page
// must redo when a remote change lands (refresh the list, re-show the open chat). The page calls startPageSync once.
import { forgetAttachments, restoreAttachments } from '../attachments.js';
import type { Repo } from '../repo.js';
import type { Chat, Settings } from '../types.js';
import { SyncEngine, type SyncStatus } from './engine.js';
import { SYNCED_SETTINGS, type SyncedSettings } from './records.js';
import './sync-section.js';

export interface PageSyncOptions {
  repo: Repo;
  settings(): Settings;
  relayBase(): string;
  accessCode(): string;
  updateSettings(patch: Partial<Settings>): void;
  /** Copies the open chat's latest messages into the repo. */
  settle(): void;
  /** A chat changed or went away by sync (the page refreshes its list and, if open, the chat). */
  remoteChat(id: string, chat: Chat | null): void;
  onStatus(status: SyncStatus): void;
}

/** How many chats deleted by sync keep their Blobs in memory, for an undo on the other device (this visit only). */
const KEEP_DELETED = 20;

export function startPageSync(options: PageSyncOptions): SyncEngine {
  const { repo } = options;
  // A chat deleted elsewhere takes its images and files from IndexedDB here too; should the other device undo,
  // they come back from memory (Blobs are not synced, so no other device can bring them back).
  const deletedBlobs = new Map<string, Promise<Map<string, Blob>>>();
  const engine: SyncEngine = new SyncEngine(
    {
      relayBase: options.relayBase,
      accessCode: options.accessCode,
      chat: (id) => repo.chats.get(id),
      chatIds: () => [...repo.chats.keys()],
      persona: (id) => repo.personas.find((p) => p.id === id),
      personaIds: () => repo.personas.map((p) => p.id),
      settings: (): SyncedSettings => {
        const all = options.settings();
        const picked = Object.fromEntries(SYNCED_SETTINGS.map((key) => [key, all[key]]));
        return { ...picked, updatedAt: engine.settingsAt } as SyncedSettings;
      },
      applyChat(id, chat) {
        const before = repo.chats.get(id);
        if (chat) repo.putChat(chat);
        else repo.deleteChat(id);
        const kept = deletedBlobs.get(id);
        if (chat && kept) {
          deletedBlobs.delete(id);
          void kept.then(restoreAttachments);
        } else if (!chat && before) {
          deletedBlobs.set(id, forgetAttachments([before], repo.chats.values()));
          for (const old of deletedBlobs.keys()) if (deletedBlobs.size > KEEP_DELETED) deletedBlobs.delete(old);
        }
        options.remoteChat(id, chat);
      },
      applyPersona(id, persona) {
        if (persona) repo.putPersona(persona);
        else repo.deletePersona(id);
      },
      applySettings(remote) {
        const patch = Object.fromEntries(SYNCED_SETTINGS.map((key) => [key, remote[key]])) as Partial<Settings>;
        options.updateSettings(patch);
      },
      settle: options.settle,
    },
    options.onStatus,
  );
  repo.onChange = (bucket, id) => engine.changed(bucket === 'chats' ? 'chat' : 'persona', id);
  // Pull when the page comes back into view or online (on open and every minute are the engine's own).
  const wake = () => {
    if (document.visibilityState === 'visible') void engine.sync();
  };
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('focus', wake);
  window.addEventListener('online', wake);
  void engine.start();
  return engine;
}

/** True when a settings patch touches a setting that follows the user to other devices. */
export function touchesSyncedSettings(patch: Partial<Settings>): boolean {
  return SYNCED_SETTINGS.some((key) => key in patch);
}
