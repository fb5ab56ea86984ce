// Saves the conversation (through ConversationStore) and the unsent draft, per storage-key.
// Saves during streaming are throttled: a crash or reload loses at most a second of text, and the
// store marks a reply that was still streaming as interrupted on the next load.
import { ConversationStore } from '../conversation/store.js';
import type { ChatEntry } from './chat-controller.js';

const STREAM_SAVE_INTERVAL_MS = 1000;

export class ChatPersistence {
  private store: ConversationStore | null = null;
  private storage: 'local' | 'session' | 'none' = 'local';
  private key = 'gpt-chat';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: ChatEntry[] | null = null;

  constructor(private readonly onQuotaExceeded: () => void) {}

  configure(storage: string, key: string): void {
    this.storage = storage === 'session' || storage === 'none' ? storage : 'local';
    this.key = key || 'gpt-chat';
    this.store = new ConversationStore({
      storage: this.storage,
      key: this.key,
      onQuotaExceeded: () => this.onQuotaExceeded(),
    });
  }

  load(): ChatEntry[] {
    return (this.store?.load() ?? []) as ChatEntry[];
  }

  save(messages: ChatEntry[]): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    this.store?.save(messages);
  }

  /** Throttled save while a reply streams. */
  saveSoon(messages: ChatEntry[]): void {
    this.pending = messages;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.pending) this.store?.save(this.pending);
      this.pending = null;
    }, STREAM_SAVE_INTERVAL_MS);
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
    return this.storage === 'session' ? sessionStorage : localStorage;
  }
}
