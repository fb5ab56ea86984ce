// Keeps the page's chats and personas in memory and writes them through to the store. Writes of a chat that
// changes quickly (a streaming reply) are batched; a write that fails stays pending and the page is told, so
// a full disk shows a warning and nothing is lost while the tab is open.
import { StorageFullError, type Bucket, type Store } from './store.js';
import type { Chat, Persona } from './types.js';

export type SaveStatus = 'ok' | 'full' | 'error';

export class Repo {
  readonly chats = new Map<string, Chat>();
  personas: Persona[] = [];
  private readonly pending = new Map<string, { bucket: Bucket; value: Chat | Persona | null }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | null = null;

  constructor(
    readonly store: Store,
    private readonly onStatus: (status: SaveStatus) => void,
    private readonly delayMs = 400,
  ) {}

  async load(): Promise<void> {
    const [chats, personas] = await Promise.all([
      this.store.getAll<Chat>('chats'),
      this.store.getAll<Persona>('personas'),
    ]);
    for (const c of chats) if (c && typeof c.id === 'string' && Array.isArray(c.messages)) this.chats.set(c.id, c);
    this.personas = personas.filter((p) => p && typeof p.id === 'string');
  }

  /** Records a chat; `soon` batches rapid updates (streaming), otherwise it is written right away. */
  putChat(chat: Chat, soon = false): void {
    this.chats.set(chat.id, chat);
    this.queue('chats', chat.id, chat, soon);
  }

  deleteChat(id: string): void {
    this.chats.delete(id);
    this.queue('chats', id, null, false);
  }

  putPersona(persona: Persona): void {
    const i = this.personas.findIndex((p) => p.id === persona.id);
    if (i >= 0) this.personas = this.personas.map((p) => (p.id === persona.id ? persona : p));
    else this.personas = [...this.personas, persona];
    this.queue('personas', persona.id, persona, false);
  }

  deletePersona(id: string): void {
    this.personas = this.personas.filter((p) => p.id !== id);
    this.queue('personas', id, null, false);
  }

  private queue(bucket: Bucket, id: string, value: Chat | Persona | null, soon: boolean) {
    this.pending.set(`${bucket}:${id}`, { bucket, value });
    if (soon) {
      this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
    } else {
      void this.flush();
    }
  }

  /** Writes everything pending. Resolves when the store has it (or the failure has been reported). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One flush at a time, so an older write never lands after a newer one.
    while (this.flushing) await this.flushing;
    if (!this.pending.size) return;
    const batch = [...this.pending.entries()];
    this.pending.clear();
    this.flushing = (async () => {
      let status: SaveStatus = 'ok';
      for (const [key, { bucket, value }] of batch) {
        try {
          if (value) await this.store.put(bucket, value);
          else await this.store.delete(bucket, key.slice(bucket.length + 1));
        } catch (error) {
          status = error instanceof StorageFullError ? 'full' : 'error';
          // Keep it pending unless a newer version was queued meanwhile.
          if (!this.pending.has(key)) this.pending.set(key, { bucket, value });
        }
      }
      this.onStatus(status);
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }
}
