import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConversationStore, SCHEMA_VERSION, isQuotaError } from '../../../src/widget/conversation/store.js';
import { createMessageId, type ConversationMessage } from '../../../src/widget/conversation/message.js';

/** A real Storage implementation backed by a Map, with an optional byte quota like a browser's. */
class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  writes = 0;
  constructor(private quota = Infinity) {}
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.has(key) ? this.map.get(key)! : null;
  }
  key(i: number) {
    return Array.from(this.map.keys())[i] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    let size = key.length + value.length;
    for (const [k, v] of this.map) if (k !== key) size += k.length + v.length;
    if (size > this.quota) {
      const e = new Error("Failed to execute 'setItem' on 'Storage': Setting the value exceeded the quota.");
      e.name = 'QuotaExceededError';
      throw e;
    }
    this.writes++;
    this.map.set(key, String(value));
  }
  [name: string]: unknown;
}

const msg = (
  role: 'user' | 'assistant',
  content: string,
  extra: Partial<ConversationMessage> = {},
): ConversationMessage => ({
  id: createMessageId(),
  role,
  content,
  createdAt: 1,
  ...extra,
});

afterEach(() => vi.useRealTimers());

describe('ConversationStore', () => {
  it('round-trips a conversation as a versioned document per key', () => {
    const storage = new MemoryStorage();
    const a = new ConversationStore({ storage, key: 'chat-a' });
    const b = new ConversationStore({ storage, key: 'chat-b' });
    const messages = [msg('user', '你好'), msg('assistant', 'Hi', { reasoning: 'r', status: 'complete' })];
    a.flush(messages);
    expect(JSON.parse(storage.getItem('chat-a')!)).toEqual({ v: SCHEMA_VERSION, messages });
    expect(new ConversationStore({ storage, key: 'chat-a' }).load()).toEqual(messages);
    expect(b.load()).toEqual([]);
  });

  it('debounces saves while streaming and flushes on demand', () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    const store = new ConversationStore({ storage, key: 'k', debounceMs: 300 });
    const reply = msg('assistant', '', { status: 'streaming' });
    for (let i = 0; i < 50; i++) {
      reply.content += 'x';
      store.save([reply]);
    }
    expect(storage.writes).toBe(0);
    vi.advanceTimersByTime(300);
    expect(storage.writes).toBe(1);
    reply.content += 'y';
    store.save([{ ...reply, status: 'complete' }]);
    store.flush();
    expect(storage.writes).toBe(2);
    expect(store.load()[0]).toMatchObject({ content: 'x'.repeat(50) + 'y', status: 'complete' });
    vi.advanceTimersByTime(1000);
    expect(storage.writes).toBe(2); // the flushed save is not written again
  });

  it('flushes a pending save on pagehide, and stops listening after dispose()', () => {
    const storage = new MemoryStorage();
    const page = new EventTarget();
    const store = new ConversationStore({ storage, key: 'k', debounceMs: 60_000, lifecycleTarget: page });
    store.save([msg('user', 'typed and sent')]);
    expect(storage.getItem('k')).toBeNull();
    page.dispatchEvent(new Event('pagehide'));
    expect(store.load()).toHaveLength(1);
    store.dispose();
    store.save([msg('user', 'a'), msg('user', 'b')]);
    page.dispatchEvent(new Event('pagehide'));
    expect(store.load()).toHaveLength(1);
  });

  it('flushes when the tab becomes hidden (mobile browsers may never fire pagehide)', () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const g = globalThis as { document?: unknown };
    const had = 'document' in g;
    const previous = g.document;
    g.document = doc;
    try {
      const storage = new MemoryStorage();
      const store = new ConversationStore({ storage, key: 'k', debounceMs: 60_000 });
      store.save([msg('user', 'x')]);
      doc.dispatchEvent(new Event('visibilitychange'));
      expect(storage.getItem('k')).toBeNull(); // still visible: nothing to do
      doc.visibilityState = 'hidden';
      doc.dispatchEvent(new Event('visibilitychange'));
      expect(store.load()).toHaveLength(1);
      store.dispose();
    } finally {
      if (had) g.document = previous;
      else delete g.document;
    }
  });

  it('turns a message left streaming (reload mid-reply) into interrupted', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      'k',
      JSON.stringify({ v: 1, messages: [msg('user', 'q'), msg('assistant', 'half', { status: 'streaming' })] }),
    );
    const loaded = new ConversationStore({ storage, key: 'k' }).load();
    expect(loaded.map((m) => m.status)).toEqual([undefined, 'interrupted']);
    expect(loaded[1]!.content).toBe('half');
  });

  it('reports a full quota instead of dropping messages, and retries on the next save', () => {
    const storage = new MemoryStorage(400);
    const onQuotaExceeded = vi.fn();
    const store = new ConversationStore({ storage, key: 'k', onQuotaExceeded });
    const small = [msg('user', 'short')];
    expect(store.flush(small)).toBe(true);
    const big = [...small, msg('assistant', 'x'.repeat(1000))];
    expect(store.flush(big)).toBe(false);
    expect(onQuotaExceeded).toHaveBeenCalledTimes(1);
    expect(store.quotaExceeded).toBe(true);
    // Reported once per episode, not on every (debounced) save while a reply streams.
    expect(store.flush(big)).toBe(false);
    expect(onQuotaExceeded).toHaveBeenCalledTimes(1);
    expect(isQuotaError(onQuotaExceeded.mock.calls[0]![0])).toBe(true);
    // The old save is still there, nothing was silently trimmed.
    expect(store.load()).toEqual(small);
    // Space frees up (another key removed / quota raised): the pending messages are written on the next flush.
    (storage as unknown as { quota: number }).quota = Infinity;
    expect(store.flush()).toBe(true);
    expect(store.load()).toEqual(big);
    expect(store.quotaExceeded).toBe(false);
  });

  it('migrates the pre-versioned bare array and ignores unknown future versions and garbage', () => {
    const storage = new MemoryStorage();
    const old = [msg('user', 'v0')];
    storage.setItem('v0', JSON.stringify(old));
    storage.setItem('v9', JSON.stringify({ v: 9, messages: old }));
    storage.setItem('bad', '{not json');
    storage.setItem('mixed', JSON.stringify({ v: 1, messages: [old[0], { role: 'user' }, null, 'x'] }));
    expect(new ConversationStore({ storage, key: 'v0' }).load()).toEqual(old);
    expect(new ConversationStore({ storage, key: 'v9' }).load()).toEqual([]);
    expect(new ConversationStore({ storage, key: 'bad' }).load()).toEqual([]);
    expect(new ConversationStore({ storage, key: 'mixed' }).load()).toEqual(old);
  });

  it('uses a custom migration hook', () => {
    const storage = new MemoryStorage();
    storage.setItem('k', JSON.stringify({ version: 'legacy', items: [{ text: 'hi', from: 'me' }] }));
    const store = new ConversationStore({
      storage,
      key: 'k',
      migrate: (raw) => {
        const r = raw as { items: Array<{ text: string; from: string }> };
        return { v: 1, messages: r.items.map((i) => msg(i.from === 'me' ? 'user' : 'assistant', i.text)) };
      },
    });
    expect(store.load()[0]).toMatchObject({ role: 'user', content: 'hi' });
  });

  it("storage 'none' keeps nothing", () => {
    const store = new ConversationStore({ storage: 'none', key: 'k' });
    store.flush([msg('user', 'x')]);
    expect(store.persistent).toBe(false);
    expect(store.load()).toEqual([]);
  });

  it('clear() forgets the stored conversation and any pending save', () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    const store = new ConversationStore({ storage, key: 'k', debounceMs: 100 });
    store.flush([msg('user', 'a')]);
    store.save([msg('user', 'b')]);
    store.clear();
    vi.advanceTimersByTime(500);
    expect(storage.getItem('k')).toBeNull();
  });

  it('message ids are unique without crypto.randomUUID (insecure http pages)', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 1000 }, () => createMessageId()));
      expect(ids.size).toBe(1000);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
