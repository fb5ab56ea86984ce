// Persists a conversation per storage key in localStorage / sessionStorage (or nowhere), as a versioned
// document `{ v: 1, messages: [...] }`.
//  - Saves are debounced while a reply streams (a save per token would serialize the whole conversation
//    per token) and flushed on finish / stop / error (the element calls flush()) and on `pagehide`.
//  - A full quota (QuotaExceededError) is reported through onQuotaExceeded — the element shows a warning;
//    nothing is dropped: the messages stay in memory and the next save tries again. It is reported once per
//    episode (again only after a save has succeeded in between), not on every debounced save.
//  - Besides `pagehide`, a switch to a hidden tab flushes too: mobile browsers often kill hidden tabs
//    without firing pagehide.
//  - On load, a message left 'streaming' (the page was reloaded mid-reply) becomes 'interrupted'.
//  - Storage that throws on access (sandboxed iframes, blocked cookies) behaves like 'none'.
import type { ConversationMessage } from './message.js';

export const SCHEMA_VERSION = 1;

export type StorageMode = 'local' | 'session' | 'none';

/** The stored document. */
export interface StoredConversation<M = ConversationMessage> {
  v: typeof SCHEMA_VERSION;
  messages: M[];
  /** The versions of its turns (a StoredTree whose shown path is `messages`), when there are any. */
  versions?: unknown;
}

/** The minimum a stored message needs; the element may store more fields. */
export interface StorableMessage {
  id: string;
  role: string;
  content: string;
  status?: string;
}

export interface ConversationStoreOptions<M extends StorableMessage> {
  /** Where to keep it; a Storage object can be passed directly (tests). */
  storage: StorageMode | Storage | null;
  /** The storage key, used as given (the element's `storage-key`). */
  key: string;
  /** Debounce for save() (ms). Default 500. */
  debounceMs?: number;
  /** The storage is full: the conversation is NOT saved (still in memory). Called once per episode. */
  onQuotaExceeded?(error: unknown): void;
  /** Any other storage failure (also reported, never thrown). */
  onError?(error: unknown): void;
  /**
   * Upgrades an older (or foreign) stored value to the current schema; return null to discard it.
   * The default understands v1 and the pre-versioned bare array (v0).
   */
  migrate?(raw: unknown): StoredConversation<M> | null;
  /** Where `pagehide` is listened for. Default: the window (globalThis) when it has events. */
  lifecycleTarget?: EventTarget | null;
}

export class ConversationStore<M extends StorableMessage = ConversationMessage> {
  private readonly storage: Storage | null;
  private readonly debounceMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: M[] | null = null;
  private pendingVersions: unknown;
  /** The versions of the conversation load() read last. */
  loadedVersions: unknown;
  private readonly onPageHide = () => this.flush();
  private readonly onVisibility = () => {
    if (globalThis.document?.visibilityState === 'hidden') this.flush();
  };
  private readonly lifecycle: EventTarget | null;
  private quotaReported = false;

  constructor(private readonly options: ConversationStoreOptions<M>) {
    this.storage = resolveStorage(options.storage, options.onError);
    this.debounceMs = options.debounceMs ?? 500;
    const target =
      options.lifecycleTarget !== undefined
        ? options.lifecycleTarget
        : typeof globalThis.addEventListener === 'function'
          ? (globalThis as unknown as EventTarget)
          : null;
    this.lifecycle = this.storage ? target : null;
    this.lifecycle?.addEventListener('pagehide', this.onPageHide);
    if (this.storage && options.lifecycleTarget === undefined)
      globalThis.document?.addEventListener?.('visibilitychange', this.onVisibility);
  }

  /** True while the last write failed for lack of space. */
  get quotaExceeded(): boolean {
    return this.quotaReported;
  }

  /** True when messages actually persist. */
  get persistent(): boolean {
    return this.storage !== null;
  }

  /** Reads the stored conversation ([] when none, unreadable or from an unknown future schema). */
  load(): M[] {
    this.loadedVersions = undefined;
    if (!this.storage) return [];
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.options.key);
    } catch (error) {
      this.options.onError?.(error);
      return [];
    }
    if (!raw) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return [];
    }
    const doc = (this.options.migrate ?? defaultMigrate<M>)(parsed);
    if (!doc || doc.v !== SCHEMA_VERSION || !Array.isArray(doc.messages)) return [];
    this.loadedVersions = doc.versions;
    return doc.messages.filter(isStorable).map((m) => (m.status === 'streaming' ? { ...m, status: 'interrupted' } : m));
  }

  /** Saves soon (debounced): call freely while streaming. */
  save(messages: readonly M[], versions?: unknown): void {
    if (!this.storage) return;
    this.pending = messages.slice();
    this.pendingVersions = versions;
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  /** Saves now (finish, stop, error, pagehide). Returns false when the write failed. */
  flush(messages?: readonly M[], versions?: unknown): boolean {
    if (messages) {
      this.pending = messages.slice();
      this.pendingVersions = versions;
    }
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.storage || !this.pending) return true;
    const doc: StoredConversation<M> = { v: SCHEMA_VERSION, messages: this.pending };
    if (this.pendingVersions !== undefined) doc.versions = this.pendingVersions;
    try {
      this.storage.setItem(this.options.key, JSON.stringify(doc));
      this.pending = null;
      this.quotaReported = false;
      return true;
    } catch (error) {
      // Keep `pending`: the next save/flush retries with the newest messages.
      if (isQuotaError(error)) {
        if (!this.quotaReported) this.options.onQuotaExceeded?.(error);
        this.quotaReported = true;
      } else {
        this.options.onError?.(error);
      }
      return false;
    }
  }

  /** Forgets the stored conversation. */
  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    try {
      this.storage?.removeItem(this.options.key);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Flushes and stops listening for pagehide (element disconnected). */
  dispose(): void {
    this.flush();
    this.lifecycle?.removeEventListener('pagehide', this.onPageHide);
    globalThis.document?.removeEventListener?.('visibilitychange', this.onVisibility);
  }
}

function resolveStorage(mode: StorageMode | Storage | null, onError?: (e: unknown) => void): Storage | null {
  if (!mode || mode === 'none') return null;
  if (typeof mode === 'object') return mode;
  try {
    const storage = mode === 'session' ? globalThis.sessionStorage : globalThis.localStorage;
    return storage ?? null;
  } catch (error) {
    onError?.(error); // SecurityError: storage blocked for this page
    return null;
  }
}

function defaultMigrate<M>(raw: unknown): StoredConversation<M> | null {
  if (Array.isArray(raw)) return { v: SCHEMA_VERSION, messages: raw as M[] }; // v0: a bare array
  if (raw && typeof raw === 'object' && (raw as { v?: unknown }).v === SCHEMA_VERSION)
    return raw as StoredConversation<M>;
  return null;
}

function isStorable(m: unknown): boolean {
  if (!m || typeof m !== 'object') return false;
  const o = m as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.role === 'string' && typeof o.content === 'string';
}

/** QuotaExceededError across browsers (Firefox: NS_ERROR_DOM_QUOTA_REACHED; old WebKit: code 22). */
export function isQuotaError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: string; code?: number };
  return e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22 || e.code === 1014;
}
