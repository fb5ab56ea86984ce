// Drives one conversation's request lifecycle: send → stream → finish | stop | fail, plus regenerate,
// continue (after a cut-off reply), edit-and-resend and retry. It owns the message list and the current
// error; the element owns the DOM. Streaming text goes straight to a sink (the incremental renderer)
// instead of through a Lit re-render, so each chunk costs O(its own bytes).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatCompletionRequest, Usage } from '../../shared/openai.js';
import { streamChat, ChatError } from '../stream/chat-stream.js';
import { trimHistory } from '../conversation/trim.js';
import { ThinkSplitter, type ThinkParts } from '../stream/think.js';
import {
  createMessageId,
  type ConversationMessage,
  type ConversationStatus,
  type MessageAttachment,
} from '../conversation/message.js';

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

/** Where the controller reports what happens; the element implements it. */
export interface ChatSink {
  /** A reply starts streaming into `entry` (new or continued). */
  streamStart(entry: ChatEntry): void;
  /** New text arrived for `entry` (already appended to entry.content / entry.reasoning). */
  streamDelta(entry: ChatEntry, delta: { content?: string; reasoning?: string }): void;
  /** The stream ended (any way). */
  streamEnd(entry: ChatEntry): void;
  /** The message list changed structurally (added, removed, finished): save and re-render. */
  changed(): void;
  sent(text: string): void;
  responded(entry: ChatEntry, finishReason: string | null): void;
  failed(failure: ChatFailure, unsentText: string | null): void;
  stopped(entry: ChatEntry): void;
}

type Action = { type: 'reply' } | { type: 'continue' };

export class ChatController implements ReactiveController {
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
  private abortController: AbortController | null = null;
  private lastAction: Action = { type: 'reply' };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: () => ChatConfig,
    private readonly sink: ChatSink,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // A removed element must not keep a request (and its bill) running.
    this.stop();
  }

  get busy(): boolean {
    return this.abortController !== null;
  }

  /** Sends a user message. If the last user message never got a reply (it failed), it is replaced. */
  async send(text: string, attachments: readonly MessageAttachment[] = []): Promise<void> {
    const trimmed = text.trim();
    if ((!trimmed && attachments.length === 0) || this.busy) return;
    const last = this.messages.at(-1);
    if (last?.role === 'user') this.messages = this.messages.slice(0, -1);
    const entry: ChatEntry = {
      id: createMessageId(),
      role: 'user',
      content: text,
      status: 'complete',
      createdAt: Date.now(),
    };
    if (attachments.length) entry.attachments = [...attachments];
    this.messages = [...this.messages, entry];
    this.sink.sent(text);
    await this.reply();
  }

  /** Aborts the running reply; the partial text stays in the conversation. */
  stop(): void {
    this.abortController?.abort();
  }

  /** Drops the last reply and asks again. */
  async regenerate(): Promise<void> {
    if (this.busy) return;
    const lastUser = this.messages.findLastIndex((m) => m.role === 'user');
    if (lastUser < 0) return;
    this.messages = this.messages.slice(0, lastUser + 1);
    await this.reply();
  }

  /** Replaces the last user message's text, drops what followed, and sends again. */
  async editLast(text: string): Promise<void> {
    if (this.busy || !text.trim()) return;
    const lastUser = this.messages.findLastIndex((m) => m.role === 'user');
    if (lastUser < 0) return;
    const edited = { ...this.messages[lastUser]!, content: text };
    this.messages = [...this.messages.slice(0, lastUser), edited];
    this.sink.sent(text);
    await this.reply();
  }

  /** Asks the model to go on from a reply that was cut off (finish_reason "length"). */
  async continueReply(): Promise<void> {
    const last = this.messages.at(-1);
    if (this.busy || last?.role !== 'assistant') return;
    await this.run(last, true);
  }

  /** Redoes what failed (or, after a stop, asks again). */
  async retry(): Promise<void> {
    if (this.busy) return;
    if (this.lastAction.type === 'continue' && this.messages.at(-1)?.role === 'assistant') return this.continueReply();
    const last = this.messages.at(-1);
    if (last?.role === 'assistant') return this.regenerate();
    return this.reply();
  }

  clear(): void {
    this.stop();
    this.messages = [];
    this.error = null;
    this.trimmedCount = 0;
    this.trimmedBeforeId = null;
    this.sink.changed();
  }

  /** Replaces the conversation (the `messages` property, or a load from storage). */
  setMessages(messages: readonly ChatEntryInit[]): void {
    this.stop();
    this.messages = messages
      .filter((m) => m && typeof m.content === 'string' && (m.role === 'user' || m.role === 'assistant'))
      .map((m) => ({ ...m, id: m.id || createMessageId(), createdAt: m.createdAt ?? Date.now() }));
    this.error = null;
    this.sink.changed();
  }

  private async reply(): Promise<void> {
    const entry: ChatEntry = {
      id: createMessageId(),
      role: 'assistant',
      content: '',
      reasoning: '',
      status: 'streaming',
      createdAt: Date.now(),
    };
    this.messages = [...this.messages, entry];
    await this.run(entry, false);
  }

  private async run(entry: ChatEntry, continuing: boolean): Promise<void> {
    const config = this.config();
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
      this.sink.streamDelta(entry, { content: parts.content || undefined, reasoning: parts.reasoning || undefined });
    };
    this.sink.changed();
    this.sink.streamStart(entry);
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
      this.sink.responded(entry, finishReason);
    } catch (error) {
      const err = ChatError.classify(error, abort.signal);
      take(splitter.end());
      if (err.kind === 'aborted' || abort.signal.aborted) {
        entry.status = 'interrupted';
        entry.stopped = true;
        this.finishStream(entry);
        this.sink.stopped(entry);
        return;
      }
      const empty = !entry.content && !entry.reasoning;
      let unsent: string | null = null;
      if (empty && !continuing) {
        // Nothing arrived: drop the empty bubble; the user's text goes back into the input.
        this.messages = this.messages.filter((m) => m !== entry);
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
      this.sink.failed(failure, unsent);
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
    this.sink.streamEnd(entry);
    this.sink.changed();
    this.host.requestUpdate();
  }
}
