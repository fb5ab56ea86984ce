// The link between the page's chats and the one <gpt-chat> element that shows them. Each chat's conversation
// lives in its own ChatSession (the element's exported session object), so a reply goes on streaming — and is
// saved — while the element shows another chat, and several chats may stream at once. Showing a chat attaches
// the element to that chat's session, a live reply included. Every change is reported with the id of the chat
// whose session made it: it can never land in the chat shown after a switch.
import { ChatSession, type ChatEntry, type GptChat, type StoredTree } from '../../src/widget/index.js';
import { sameMessages } from './chats.js';
import type { Chat } from './types.js';

/** How often a streaming reply is written to the store (a tab closed mid-reply keeps the partial text). */
const STREAM_SAVE_MS = 1500;

export interface SessionReport {
  /**
   * The chat's conversation changed (`soon`: while streaming, the write may be batched). `gone` and `back`: the
   * message ids this session dropped or took up since its last report (sync marks them deleted or restored).
   */
  changed(
    id: string,
    messages: ChatEntry[],
    versions: StoredTree<ChatEntry> | undefined,
    soon: boolean,
    edits: { gone: string[]; back: string[] },
  ): void;
  /** A reply finished. */
  responded(id: string): void;
  /** Which chats are replying changed. */
  streamingChanged(ids: ReadonlySet<string>): void;
}

interface Live {
  session: ChatSession;
  unsubscribe(): void;
  lastSave: number;
  /** Every message id (all versions) at the last report: what a later one compares with. */
  ids: Set<string>;
  /** A save of text that came since the last one (the stream may pause for a long time after it). */
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class ElementBinding {
  private readonly live = new Map<string, Live>();
  private streamingIds = new Set<string>();
  /** Set while replace() loads a session, whose own change report must not count as an edit. */
  private replacing = false;

  constructor(
    private readonly element: () => GptChat | null,
    private readonly report: SessionReport,
  ) {}

  /** The chats whose reply is streaming now. */
  get streaming(): ReadonlySet<string> {
    return this.streamingIds;
  }

  /**
   * Shows `chat` in the element (its live session when it has one). Returns the chat with the session's normalized
   * copy of its messages (ids, timestamps, statuses) — the same chat otherwise, so opening an old chat is not
   * counted as activity. Sessions of other chats that are neither replying nor failed are let go.
   */
  bind(chat: Chat): Chat {
    const el = this.element();
    if (!el) return chat;
    // A session replying, or holding an error that came while another chat was shown, is kept for the return.
    for (const [id, live] of this.live)
      if (id !== chat.id && !live.session.busy && !live.session.error) this.forget(id);
    const session = this.sessionFor(chat);
    el.session = session;
    const adopted = copies(session.messages);
    return sameMessages(adopted, chat.messages) ? chat : { ...chat, messages: adopted };
  }

  /**
   * A chat changed elsewhere (sync): its live session, unless replying, takes the new conversation, so it never
   * writes back the old one. No report follows: the store already holds it.
   */
  replace(chat: Chat): void {
    const live = this.live.get(chat.id);
    if (!live || live.session.busy) return;
    this.replacing = true;
    try {
      live.session.setMessages(chat.messages, chat.versions);
    } finally {
      this.replacing = false;
    }
    live.ids = idsOf(live.session);
  }

  /** The chat's session is dropped and its reply, if any, stopped (the chat is deleted or replaced). */
  forget(id: string): void {
    const live = this.live.get(id);
    if (!live) return;
    live.unsubscribe();
    clearTimeout(live.timer);
    this.live.delete(id);
    live.session.stop();
    this.updateStreaming();
  }

  /** Writes every live session now (page hidden or closing). */
  flush(): void {
    for (const [id, live] of this.live) this.save(id, live, false);
  }

  /** Stops every reply (the page goes away). */
  dispose(): void {
    for (const id of [...this.live.keys()]) this.forget(id);
  }

  private sessionFor(chat: Chat): ChatSession {
    const existing = this.live.get(chat.id);
    if (existing) return existing.session;
    const session = new ChatSession(chat.messages, chat.versions);
    const live: Live = { session, unsubscribe: () => {}, lastSave: 0, timer: undefined, ids: idsOf(session) };
    const id = chat.id;
    live.unsubscribe = session.subscribe({
      changed: () => {
        if (this.replacing) return;
        this.save(id, live, false);
        this.updateStreaming();
      },
      streamDelta: () => {
        live.timer ??= setTimeout(() => this.save(id, live, true), live.lastSave + STREAM_SAVE_MS - Date.now());
      },
      responded: () => this.report.responded(id),
    });
    this.live.set(id, live);
    return session;
  }

  private save(id: string, live: Live, soon: boolean): void {
    clearTimeout(live.timer);
    live.timer = undefined;
    live.lastSave = Date.now();
    const versions = live.session.storedVersions();
    const ids = idsOf(live.session, versions);
    const gone = [...live.ids].filter((i) => !ids.has(i));
    const back = [...ids].filter((i) => !live.ids.has(i));
    live.ids = ids;
    this.report.changed(id, copies(live.session.messages), versions && structuredClone(versions), soon, { gone, back });
  }

  private updateStreaming(): void {
    const ids = new Set([...this.live].filter(([, l]) => l.session.busy).map(([id]) => id));
    if (ids.size === this.streamingIds.size && [...ids].every((id) => this.streamingIds.has(id))) return;
    this.streamingIds = ids;
    this.report.streamingChanged(ids);
  }
}

/** Plain copies: the session's messages grow in place while they stream. */
const copies = (messages: readonly ChatEntry[]): ChatEntry[] => messages.map((m) => ({ ...m }));

/** Every message id a session holds, shown or kept as another version. */
function idsOf(session: ChatSession, versions = session.storedVersions()): Set<string> {
  return new Set(versions ? versions.nodes.map((n) => n.message.id) : session.messages.map((m) => m.id));
}
