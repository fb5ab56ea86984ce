// One conversation and its running request: send → stream → finish | stop | fail, plus regenerate, continue,
// edit-and-resend and retry. A plain object, not part of any element: a reply keeps streaming into its session
// while the element shows another one, and an element that shows the session again picks up the live reply.
// Regenerate and edit add versions (see tree.ts); `messages` is always the shown path, which is what is sent.
import type { ChatCompletionRequest, Usage } from '../../shared/openai.js';
import { streamChat, ChatError } from '../stream/chat-stream.js';
import { trimHistory } from './trim.js';
import { ThinkSplitter, type ThinkParts } from '../stream/think.js';
import {
  createMessageId,
  type ConversationMessage,
  type ConversationStatus,
  type MessageAttachment,
} from './message.js';
import { MessageTree, type StoredTree, type Versions } from './tree.js';

export type MessageStatus = ConversationStatus;

/**
 * One message as the widget shows and stores it (the stored ConversationMessage plus what the UI needs).
 * Only role + content are ever sent upstream. Status: 'complete', 'streaming', 'cut' (finish_reason
 * length), 'interrupted' (stopped by the user — then `stopped` is true —, failed mid-way, or reloaded).
 */
export type ChatEntry = ConversationMessage & {
  /** Token usage of this reply, when the endpoint reported it. */
  usage?: Usage;
  /** The user pressed Stop (status is 'interrupted'). */
  stopped?: boolean;
};

/** What `messages` accepts: at least role and content (id and createdAt are filled in). */
export type ChatEntryInit = Pick<ChatEntry, 'role' | 'content'> & Partial<ChatEntry>;

export type FailureKind = ChatError['kind'];

/** The error currently shown in the conversation, with what Retry will redo. */
export interface ChatFailure {
  kind: FailureKind;
  status: number;
  code: string | null;
  message: string;
  retryAfterSeconds?: number;
  /** True when an access token was sent and still refused. */
  tokenRejected: boolean;
}

export interface ChatConfig {
  endpoint: string;
  persona: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  contextLimit?: number;
  accessToken?: string;
}

/** What a session reports to whoever listens (the element showing it, the page saving it). */
export interface ChatSink {
  /** A reply starts streaming into `entry` (new or continued). */
  streamStart(entry: ChatEntry): void;
  /** New text arrived for `entry` (already appended to entry.content / entry.reasoning). */
  streamDelta(entry: ChatEntry, delta: { content?: string; reasoning?: string }): void;
  /** The stream ended (any way). */
  streamEnd(entry: ChatEntry): void;
  /** The message list changed structurally (added, removed, finished, another version shown): save and re-render. */
  changed(): void;
  sent(text: string): void;
  responded(entry: ChatEntry, finishReason: string | null): void;
  failed(failure: ChatFailure, unsentText: string | null): void;
  stopped(entry: ChatEntry): void;
}

type Action = { type: 'reply' } | { type: 'continue' };

/** A message from outside (the `messages` property, storage, an import) made into a ChatEntry, or null. */
export function toEntry(m: unknown): ChatEntry | null {
  if (!m || typeof m !== 'object') return null;
  const o = m as ChatEntryInit;
  if (typeof o.content !== 'string' || (o.role !== 'user' && o.role !== 'assistant')) return null;
  const entry: ChatEntry = {
    ...o,
    id: typeof o.id === 'string' && o.id ? o.id : createMessageId(),
    createdAt: o.createdAt ?? Date.now(),
  };
  // Saved while it streamed (the page closed mid-reply): no stream feeds it any more.
  if (entry.status === 'streaming') entry.status = 'interrupted';
  return entry;
}

export class ChatSession {
  /** The shown path (the same objects as in the tree: a streaming reply grows in both). */
  messages: ChatEntry[] = [];
  error: ChatFailure | null = null;
  /** How many of the oldest messages the last request left out (context-limit). */
  trimmedCount = 0;
  /** The id of the first message that was sent, when older ones were trimmed. */
  trimmedBeforeId: string | null = null;
  /** When the running request was sent (Date.now()), for "Waiting for the model… 6 s". */
  startedAt = 0;
  /** When the running reply's reasoning began, while it is still reasoning (else null): "Thinking… 12 s". */
  thinkingSince: number | null = null;
  /** The reply being streamed, if any. */
  streaming: ChatEntry | null = null;
  private tree = new MessageTree<ChatEntry>();
  private abortController: AbortController | null = null;
  private lastAction: Action = { type: 'reply' };
  private readonly listeners = new Set<Partial<ChatSink>>();

  /** A session holding `messages`, with the versions of `stored` (a StoredTree) when it matches them. */
  constructor(messages: readonly ChatEntryInit[] = [], stored?: unknown) {
    this.load(messages, stored);
  }

  get busy(): boolean {
    return this.abortController !== null;
  }

  /** Listens to what happens; returns the function that stops listening. */
  subscribe(listener: Partial<ChatSink>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The versions, for storage — undefined while there is only one version of everything. */
  storedVersions(): StoredTree<ChatEntry> | undefined {
    return this.tree.branched ? this.tree.toStored() : undefined;
  }

  /** Where message `id` sits among its versions ("2 / 3"). */
  versions(id: string): Versions {
    return this.tree.versions(id);
  }

  /** Shows another version of a turn (not while a reply streams: the path under it would change). */
  choose(id: string): void {
    if (this.busy) return;
    this.tree.choose(id);
    this.messages = this.tree.path();
    this.error = null;
    this.emit('changed');
  }

  /** Sends a user message. If the last user message never got a reply (it failed), it is replaced. */
  async send(text: string, config: ChatConfig, attachments: readonly MessageAttachment[] = []): Promise<void> {
    const trimmed = text.trim();
    if ((!trimmed && attachments.length === 0) || this.busy) return;
    const last = this.messages.at(-1);
    if (last?.role === 'user') {
      this.tree.removeLeaf(last.id);
      this.messages = this.messages.slice(0, -1);
    }
    const entry: ChatEntry = {
      id: createMessageId(),
      role: 'user',
      content: text,
      status: 'complete',
      createdAt: Date.now(),
    };
    if (attachments.length) entry.attachments = [...attachments];
    this.append(entry);
    this.emit('sent', text);
    await this.reply(config);
  }

  /** Aborts the running reply; the partial text stays in the conversation. */
  stop(): void {
    this.abortController?.abort();
  }

  /** Asks again for the last reply: the new reply is another version next to the old one. */
  async regenerate(config: ChatConfig): Promise<void> {
    if (this.busy) return;
    const lastUser = this.messages.findLastIndex((m) => m.role === 'user');
    if (lastUser < 0) return;
    this.messages = this.messages.slice(0, lastUser + 1);
    await this.reply(config);
  }

  /** Sends a new version of the last user message (the old one and its replies stay as a version). */
  async editLast(text: string, config: ChatConfig): Promise<void> {
    if (this.busy || !text.trim()) return;
    const lastUser = this.messages.findLastIndex((m) => m.role === 'user');
    if (lastUser < 0) return;
    const edited: ChatEntry = {
      id: createMessageId(),
      role: 'user',
      content: text,
      status: 'complete',
      createdAt: Date.now(),
    };
    // The new version keeps the images and files of the one it replaces.
    const attachments = this.messages[lastUser]!.attachments;
    if (attachments?.length) edited.attachments = attachments;
    this.messages = this.messages.slice(0, lastUser);
    this.append(edited);
    this.emit('sent', text);
    await this.reply(config);
  }

  /** Asks the model to go on from a reply that was cut off (finish_reason "length"). */
  async continueReply(config: ChatConfig): Promise<void> {
    const last = this.messages.at(-1);
    if (this.busy || last?.role !== 'assistant') return;
    await this.run(last, true, config);
  }

  /** Redoes what failed (or, after a stop, asks again). */
  async retry(config: ChatConfig): Promise<void> {
    if (this.busy) return;
    const last = this.messages.at(-1);
    if (this.lastAction.type === 'continue' && last?.role === 'assistant') return this.continueReply(config);
    if (last?.role === 'assistant') return this.regenerate(config);
    return this.reply(config);
  }

  clear(): void {
    this.stop();
    this.load([]);
    this.emit('changed');
  }

  /** Replaces the conversation (stopping a running reply); `stored` versions are used when they match. */
  setMessages(messages: readonly ChatEntryInit[], stored?: unknown): void {
    this.stop();
    this.load(messages, stored);
    this.emit('changed');
  }

  private load(messages: readonly ChatEntryInit[], stored?: unknown): void {
    const path = messages.map(toEntry).filter((m): m is ChatEntry => m !== null);
    const tree = stored === undefined ? null : MessageTree.fromStored(stored, toEntry);
    // The versions are used only when their shown path is the conversation given (else they are stale).
    const shown = tree?.path();
    const matches = shown && shown.length === path.length && shown.every((m, i) => m.id === path[i]!.id);
    this.tree = matches ? tree! : MessageTree.fromPath(path);
    this.messages = this.tree.path();
    this.error = null;
    this.trimmedCount = 0;
    this.trimmedBeforeId = null;
  }

  /** Adds `entry` after the last shown message (a new version when that message already has a child). */
  private append(entry: ChatEntry): void {
    this.tree.add(this.messages.at(-1)?.id ?? null, entry);
    this.messages = this.tree.path();
  }

  private emit<K extends keyof ChatSink>(name: K, ...args: Parameters<ChatSink[K]>): void {
    for (const l of [...this.listeners]) (l[name] as ((...a: Parameters<ChatSink[K]>) => void) | undefined)?.(...args);
  }

  private async reply(config: ChatConfig): Promise<void> {
    const entry: ChatEntry = {
      id: createMessageId(),
      role: 'assistant',
      content: '',
      reasoning: '',
      status: 'streaming',
      createdAt: Date.now(),
    };
    this.append(entry);
    await this.run(entry, false, config);
  }

  private async run(entry: ChatEntry, continuing: boolean, config: ChatConfig): Promise<void> {
    this.lastAction = { type: continuing ? 'continue' : 'reply' };
    this.error = null;
    entry.status = 'streaming';
    entry.stopped = undefined;
    const index = this.messages.indexOf(entry);
    // Continuing sends the partial reply as the last (assistant) message; a new reply sends what came before.
    const history = this.messages.slice(0, continuing ? index + 1 : index);
    // trimHistory sends only role + content (never reasoning, greetings or error entries).
    const { messages: kept, trimmedCount, indices } = trimHistory(history, config.contextLimit ?? 0, config.persona);
    this.trimmedCount = trimmedCount;
    this.trimmedBeforeId = trimmedCount > 0 ? (history[trimmedCount]?.id ?? null) : null;
    const body: ChatCompletionRequest = {
      messages: [...(config.persona ? [{ role: 'system' as const, content: config.persona }] : []), ...kept],
      stream: true,
      stream_options: { include_usage: true },
    };
    if (config.model) body.model = config.model;
    if (config.temperature !== undefined) body.temperature = config.temperature;
    if (config.maxTokens !== undefined) body.max_tokens = config.maxTokens;

    const abort = new AbortController();
    this.abortController = abort;
    this.streaming = entry;
    const splitter = new ThinkSplitter();
    let finishReason: string | null = null;
    this.startedAt = Date.now();
    this.thinkingSince = null;
    const take = (parts: ThinkParts) => {
      if (!parts.reasoning && !parts.content) return;
      if (parts.reasoning) {
        entry.reasoning = (entry.reasoning ?? '') + parts.reasoning;
        this.thinkingSince ??= Date.now();
      }
      if (parts.content) {
        this.endThinking(entry);
        entry.content += parts.content;
      }
      this.emit('streamDelta', entry, {
        content: parts.content || undefined,
        reasoning: parts.reasoning || undefined,
      });
    };
    this.emit('changed');
    this.emit('streamStart', entry);
    try {
      if (indices.some((i) => history[i]?.attachments?.length)) {
        // Images and file texts become content parts here (a lazy chunk: only conversations with attachments).
        const { contentWithAttachments } = await import('../attachments/content-parts.js');
        for (let k = 0; k < kept.length; k++) {
          const attachments = history[indices[k]!]?.attachments;
          if (attachments?.length) kept[k]!.content = await contentWithAttachments(`${kept[k]!.content}`, attachments);
        }
      }
      if (abort.signal.aborted) throw new DOMException('stopped', 'AbortError');
      await streamChat({
        endpoint: config.endpoint,
        body,
        accessToken: config.accessToken,
        signal: abort.signal,
        onDelta: (delta) => {
          const parts = delta.content ? splitter.push(delta.content) : { reasoning: '', content: '' };
          take({ reasoning: (delta.reasoning ?? '') + parts.reasoning, content: parts.content });
        },
        onUsage: (usage, model) => {
          // Kept with the reply (and stored): the model that answered prices it later (usage/pricing.ts).
          const answeredBy = model || config.model;
          entry.usage = answeredBy ? { ...usage, model: answeredBy } : usage;
        },
        onFinish: (reason) => {
          finishReason = reason ?? null;
        },
      });
      take(splitter.end());
      entry.status = finishReason === 'length' ? 'cut' : 'complete';
      this.finishStream(entry);
      this.emit('responded', entry, finishReason);
    } catch (error) {
      const err = ChatError.classify(error, abort.signal);
      take(splitter.end());
      if (err.kind === 'aborted' || abort.signal.aborted) {
        entry.status = 'interrupted';
        entry.stopped = true;
        this.finishStream(entry);
        this.emit('stopped', entry);
        return;
      }
      const empty = !entry.content && !entry.reasoning;
      let unsent: string | null = null;
      if (empty && !continuing) {
        // Nothing arrived: drop the empty bubble; the user's text goes back into the input.
        // A regenerated reply that failed shows the version before it again.
        this.tree.removeLeaf(entry.id);
        this.messages = this.tree.path();
        const lastUser = this.messages.at(-1);
        unsent = lastUser?.role === 'user' ? lastUser.content : null;
      } else {
        entry.status = 'interrupted';
      }
      const failure: ChatFailure = {
        kind: err.kind,
        status: err.status ?? 0,
        code: err.code ?? null,
        message: err.message,
        retryAfterSeconds: err.retryAfterSeconds ?? undefined,
        tokenRejected: err.kind === 'auth' && !!config.accessToken,
      };
      this.error = failure;
      this.finishStream(entry);
      this.emit('failed', failure, unsent);
    }
  }

  /** Reasoning is over (reply text came, or the stream ended): its duration is kept with the message. */
  private endThinking(entry: ChatEntry): void {
    if (this.thinkingSince === null) return;
    entry.reasoningMs = (entry.reasoningMs ?? 0) + (Date.now() - this.thinkingSince);
    this.thinkingSince = null;
  }

  private finishStream(entry: ChatEntry): void {
    this.endThinking(entry);
    this.abortController = null;
    this.streaming = null;
    this.emit('streamEnd', entry);
    this.emit('changed');
  }
}
