// Saves the conversation (through ConversationStore, one per storage-key) and the unsent draft.
// During streaming saves are debounced by the store (a crash or reload loses at most a second of text,
// and the store marks a reply left 'streaming' as interrupted on the next load); structural changes
// (send, finish, stop, error, clear) are written at once.
import { ConversationStore, type StorageMode } from './store.js';
import type { ChatEntry } from '../controllers/chat-controller.js';

const STREAM_SAVE_DEBOUNCE_MS = 1000;

export class ChatPersistence {
  private store: ConversationStore<ChatEntry> | null = null;
  private storage: StorageMode = 'local';
  private key = 'gpt-chat';

  constructor(private readonly onQuotaExceeded: () => void) {}

  configure(storage: string, key: string): void {
    this.store?.dispose();
    this.storage = storage === 'session' || storage === 'none' ? storage : 'local';
    this.key = key || 'gpt-chat';
    this.store = new ConversationStore<ChatEntry>({
      storage: this.storage,
      key: this.key,
      debounceMs: STREAM_SAVE_DEBOUNCE_MS,
      onQuotaExceeded: () => this.onQuotaExceeded(),
    });
  }

  load(): ChatEntry[] {
    return this.store?.load() ?? [];
  }

  /** The stored versions of what load() returned last. */
  loadedVersions(): unknown {
    return this.store?.loadedVersions;
  }

  /** Writes now (with the versions of its turns, when there are any). */
  save(messages: readonly ChatEntry[], versions?: unknown): void {
    if (!this.store) return;
    if (messages.length === 0) this.store.clear();
    else this.store.flush(messages, versions);
  }

  /** Writes soon (while a reply streams). */
  saveSoon(messages: readonly ChatEntry[], versions?: unknown): void {
    this.store?.save(messages, versions);
  }

  /** Flushes and detaches (element disconnected). */
  dispose(): void {
    this.store?.dispose();
    this.store = null;
  }

  loadDraft(): string {
    try {
      return this.area()?.getItem(this.draftKey()) ?? '';
    } catch {
      return '';
    }
  }

  saveDraft(text: string): void {
    try {
      const area = this.area();
      if (!area) return;
      if (text) area.setItem(this.draftKey(), text);
      else area.removeItem(this.draftKey());
    } catch {
      // A full or blocked storage must not break typing; the draft then lives only in the input.
    }
  }

  private draftKey(): string {
    return `${this.key}:draft`;
  }

  private area(): Storage | null {
    if (this.storage === 'none') return null;
    try {
      return this.storage === 'session' ? sessionStorage : localStorage;
    } catch {
      return null;
    }
  }
}
