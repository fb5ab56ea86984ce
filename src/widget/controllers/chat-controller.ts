// Connects the element to the conversation it shows: a ChatSession (conversation/session.ts), which owns the
// messages and the running request. Switching sessions never stops a reply: it keeps streaming into its own
// session, and showing that session again picks it up live. Streaming text goes straight to the sink (the
// incremental renderer) instead of through a Lit re-render, so each chunk costs O(its own bytes).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ChatSession,
  type ChatConfig,
  type ChatEntry,
  type ChatEntryInit,
  type ChatFailure,
  type ChatSink,
} from '../conversation/session.js';
import type { Versions } from '../conversation/tree.js';
import type { MessageAttachment } from '../conversation/message.js';

export type {
  ChatConfig,
  ChatEntry,
  ChatEntryInit,
  ChatFailure,
  ChatSink,
  FailureKind,
  MessageStatus,
} from '../conversation/session.js';

export class ChatController implements ReactiveController {
  private current: ChatSession;
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: () => ChatConfig,
    private readonly sink: ChatSink & {
      /** `session` is shown instead of `previous` (whose reply, if any, goes on streaming in the background). */
      attached(session: ChatSession, previous: ChatSession): void;
    },
  ) {
    host.addController(this);
    this.current = new ChatSession();
    this.listen();
  }

  hostDisconnected(): void {
    // A removed element must not keep a request (and its bill) running.
    this.stop();
  }

  /** The session shown. */
  get session(): ChatSession {
    return this.current;
  }

  /** Shows `session` (a reply streaming in the one shown before goes on in the background). */
  attach(session: ChatSession): void {
    if (session === this.current) return;
    this.unsubscribe();
    const previous = this.current;
    this.current = session;
    this.listen();
    this.sink.attached(session, previous);
    this.host.requestUpdate();
  }

  get messages(): ChatEntry[] {
    return this.current.messages;
  }
  get error(): ChatFailure | null {
    return this.current.error;
  }
  get trimmedCount(): number {
    return this.current.trimmedCount;
  }
  get trimmedBeforeId(): string | null {
    return this.current.trimmedBeforeId;
  }
  get startedAt(): number {
    return this.current.startedAt;
  }
  get thinkingSince(): number | null {
    return this.current.thinkingSince;
  }
  get busy(): boolean {
    return this.current.busy;
  }

  send(text: string, attachments: readonly MessageAttachment[] = []): Promise<void> {
    return this.current.send(text, this.config(), attachments);
  }
  stop(): void {
    this.current.stop();
  }
  regenerate(): Promise<void> {
    return this.current.regenerate(this.config());
  }
  editLast(text: string): Promise<void> {
    return this.current.editLast(text, this.config());
  }
  continueReply(): Promise<void> {
    return this.current.continueReply(this.config());
  }
  retry(): Promise<void> {
    return this.current.retry(this.config());
  }
  clear(): void {
    this.current.clear();
  }
  setMessages(messages: readonly ChatEntryInit[], stored?: unknown): void {
    this.current.setMessages(messages, stored);
  }
  versions(id: string): Versions {
    return this.current.versions(id);
  }
  choose(id: string): void {
    this.current.choose(id);
  }

  private listen(): void {
    const session = this.current;
    const sink = this.sink;
    this.unsubscribe = session.subscribe({
      streamStart: (e) => sink.streamStart(e),
      streamDelta: (e, d) => sink.streamDelta(e, d),
      streamEnd: (e) => {
        sink.streamEnd(e);
        this.host.requestUpdate();
      },
      changed: () => sink.changed(),
      sent: (t) => sink.sent(t),
      responded: (e, r) => sink.responded(e, r),
      failed: (f, u) => sink.failed(f, u),
      stopped: (e) => sink.stopped(e),
    });
  }
}
