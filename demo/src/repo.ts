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
  /** Told of every chat or persona write and delete (sync marks it for upload). */
  onChange?: (bucket: Bucket, id: string) => void;

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
    this.onChange?.(bucket, id);
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
    if (!this.pending.size) {
      await this.flushing;
      return;
    }
    const batch = [...this.pending.entries()];
    this.pending.clear();
    // Every write starts now, in order: each store call opens its transaction at once, so a write queued just
    // before the page goes away (a delete, then a reload) is committed rather than left waiting behind an earlier
    // one, and a later write of the same chat still lands after an earlier one (IndexedDB runs read-write
    // transactions on a store in the order they were opened; the other stores write synchronously).
    const writes = batch.map(([key, { bucket, value }]) =>
      (value ? this.store.put(bucket, value) : this.store.delete(bucket, key.slice(bucket.length + 1))).then(
        () => null,
        (error: unknown) => ({ key, bucket, value, error }),
      ),
    );
    const previous = this.flushing;
    const run = (async () => {
      const failures = (await Promise.all(writes)).filter((f) => f !== null);
      await previous; // statuses are reported in the order the flushes started
      let status: SaveStatus = 'ok';
      for (const { key, bucket, value, error } of failures) {
        status = error instanceof StorageFullError ? 'full' : 'error';
        // Keep it pending unless a newer version was queued meanwhile.
        if (!this.pending.has(key)) this.pending.set(key, { bucket, value });
      }
      this.onStatus(status);
    })();
    this.flushing = run;
    try {
      await run;
    } finally {
      if (this.flushing === run) this.flushing = null;
    }
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }
}
