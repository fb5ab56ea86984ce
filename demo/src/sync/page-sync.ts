// Connects the sync engine to the page: the repo's chats and personas, the synced settings, and what the page
// must redo when a remote change lands (refresh the list, re-show the open chat). The page calls startPageSync once.
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

export function startPageSync(options: PageSyncOptions): SyncEngine {
  const { repo } = options;
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
        if (chat) repo.putChat(chat);
        else repo.deleteChat(id);
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
