// <gpt-chat>: attributes, rendering and wiring. The request lifecycle lives in ChatController, the
// Markdown pipeline in ./markdown, the SSE client in ./stream, persistence in ./conversation.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators/property.js';
import { state } from 'lit/decorators/state.js';
import { repeat } from 'lit/directives/repeat.js';
import { styles } from './styles.js';
import { resolveLang, translate, type Lang, type MessageKey } from './i18n.js';
import { emit } from './events.js';
import * as icons from './icons.js';
import { ChatController, type ChatEntry, type ChatEntryInit, type ChatFailure } from './controllers/chat-controller.js';
import type { ChatSession } from './conversation/session.js';
import { ScrollController } from './controllers/scroll-controller.js';
import { RetryCountdown } from './controllers/retry-countdown.js';
import { ColorSchemeController } from './controllers/color-scheme-controller.js';
import { ViewportController } from './controllers/viewport-controller.js';
import { Ticker } from './controllers/ticker.js';
import { tabbables, trapTab } from './controllers/focus-trap.js';
import { MessageBodies } from './view/message-bodies.js';
import { MessageWindow } from './view/message-window.js';
import { ChatPersistence } from './conversation/persistence.js';
import { copyText } from './clipboard.js';
import type { AttachmentsController } from './controllers/attachments-controller.js';
import type { AttachmentsView } from './view/attachments.js';
import { parseAttachmentKinds } from './attachments/limits.js';
import { cap, SPOKEN_MAX } from './markdown/cap.js';
import { voiceUsageStyles } from './styles-voice-usage.js';
// Voice and usage code is fetched when first used (lazy chunks); only what the buttons need to render is here.
import type { Dictation, DictationError } from './controllers/dictation.js';
import type { SpeechOutput } from './controllers/speech-output.js';
import type { ModelPrice } from './usage/usage.js';

/** What `modelList` takes: an OpenAI-shaped model list, or null for none. */
export type ModelListInput = { data?: unknown } | null;
import { canDictate, canSpeak } from './voice-support.js';

const DEFAULT_ENDPOINT = '/v1/chat/completions';

type SpeechText = typeof import('./markdown/speech.js');
/** The plain-text reading of replies (it needs the Markdown lexer: a lazy chunk, fetched when an element connects). */
let speechText: SpeechText | undefined;
const loadSpeechText = () => import('./markdown/speech.js').then((module) => (speechText = module));
/** How long a copy button says "Copied". */
const COPIED_MS = 1500;

/**
 * A streaming chat with an OpenAI-compatible endpoint (normally the gpt-chat relay).
 *
 * @tagname gpt-chat
 * @summary Your own ChatGPT on any page: `<gpt-chat endpoint="/v1/chat/completions"></gpt-chat>`.
 *
 * @fires {CustomEvent<GptChatSendDetail>} gpt-chat-send - The user sent a message.
 * @fires {CustomEvent<GptChatResponseDetail>} gpt-chat-response - A reply finished (with usage when known).
 * @fires {CustomEvent<GptChatErrorDetail>} gpt-chat-error - A request failed (status, code, localized message).
 * @fires {CustomEvent<GptChatStopDetail>} gpt-chat-stop - The user stopped a reply (the partial text is kept).
 * @fires {CustomEvent<GptChatMessagesChangeDetail>} gpt-chat-messages-change - The conversation changed
 *   (not per token).
 *
 * @csspart panel - The chat surface (the floating panel in launcher mode).
 * @csspart header - The title bar.
 * @csspart log - The scrolling conversation (role="log").
 * @csspart jump - The round "jump to latest" button, shown while the log is not at its end.
 * @csspart message - Every message.
 * @csspart user - User messages.
 * @csspart assistant - Assistant messages.
 * @csspart composer - The input row.
 * @csspart input - The text area.
 * @csspart send - The send button.
 * @csspart stop - The stop button (while a reply streams).
 * @csspart mic - The microphone button (dictation; only where the browser has the Web Speech API).
 * @csspart mic-error - Why dictation failed (microphone refused, no speech heard, no network).
 * @csspart speak - A reply's read-aloud button (only where the browser has speechSynthesis).
 * @csspart usage - A reply's tokens and cost line (with `show-usage`).
 * @csspart versions - The "‹ 2/3 ›" control between the versions of a turn (regenerated or edited).
 * @csspart launcher - The floating button (launcher mode).
 * @csspart attach - The attach button (and the camera button on touch screens), with `attachments` set.
 * @csspart attachment - Each image thumbnail or file chip, in the composer and in sent messages.
 * @csspart viewer - The dialog showing an attached image large.
 *
 * @cssprop --gpt-chat-accent - Accent colour (buttons, links, focus ring).
 * @cssprop --gpt-chat-accent-fg - Text on the accent colour.
 * @cssprop --gpt-chat-bg - Background.
 * @cssprop --gpt-chat-fg - Text colour.
 * @cssprop --gpt-chat-muted - Secondary text.
 * @cssprop --gpt-chat-border - Borders and dividers.
 * @cssprop --gpt-chat-user-bg - User bubble background.
 * @cssprop --gpt-chat-user-fg - User bubble text.
 * @cssprop --gpt-chat-assistant-bg - Assistant message background.
 * @cssprop --gpt-chat-code-bg - Code background.
 * @cssprop --gpt-chat-error-bg - Error notice background.
 * @cssprop --gpt-chat-error-fg - Error notice text.
 * @cssprop --gpt-chat-warning-bg - Warning notice background (storage full).
 * @cssprop --gpt-chat-focus-ring - Focus indicator, a box-shadow (default: a 2px accent ring).
 * @cssprop --gpt-chat-font - Font family.
 * @cssprop --gpt-chat-mono-font - Code font family.
 * @cssprop --gpt-chat-font-size - Base font size (the input never goes below 16px).
 * @cssprop --gpt-chat-radius - Corner radius.
 * @cssprop --gpt-chat-shadow - Panel and launcher shadow.
 * @cssprop --gpt-chat-min-height - Minimum height in inline mode.
 * @cssprop --gpt-chat-launcher-size - Launcher button size.
 * @cssprop --gpt-chat-launcher-right - Launcher distance from the right edge.
 * @cssprop --gpt-chat-launcher-bottom - Launcher distance from the bottom edge.
 * @cssprop --gpt-chat-panel-width - Launcher panel width.
 * @cssprop --gpt-chat-panel-height - Launcher panel height.
 * @cssprop --gpt-chat-z-index - Stacking of launcher and panel.
 */
export class GptChat extends LitElement {
  static override styles = [styles, voiceUsageStyles];

  // Lit's experimentalDecorators form. tsconfig.json's useDefineForClassFields: false makes each initializer an
  // assignment through Lit's accessor (a [[Define]]d field would shadow it); vite and wtr's esbuild read it too.
  /** Chat-completions URL (default `/v1/chat/completions`, same origin). */
  @property() endpoint: string = DEFAULT_ENDPOINT;
  /** System prompt, always sent first. */
  @property() persona = '';
  /** Colour theme; `auto` (default) follows the host page's `color-scheme`, else the system's. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Model id sent in the request (the relay may override it). */
  @property() model?: string;
  /** Sampling temperature. */
  @property({ type: Number }) temperature?: number;
  /** Maximum reply length in tokens. */
  @property({ type: Number, attribute: 'max-tokens' }) maxTokens?: number;
  /** `inline` (default) fills its box; `launcher` is a floating button opening a panel. */
  @property({ reflect: true }) mode: 'inline' | 'launcher' = 'inline';
  /** In launcher mode: whether the panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** Header title. */
  @property() override title!: string;
  /** Input placeholder. */
  @property() placeholder?: string;
  /** A first assistant line shown above the conversation (never sent upstream). */
  @property() greeting?: string;
  /** UI language, `zh-CN` or `en`; defaults to the page's `<html lang>`, then the browser's. */
  @property() override lang!: string;
  /** Where the conversation and draft are kept (default `local`). */
  @property() storage: 'local' | 'session' | 'none' = 'local';
  /** Storage key, one conversation per key (default `gpt-chat`). */
  @property({ attribute: 'storage-key' }) storageKey = 'gpt-chat';
  /** Sent as `Authorization: Bearer …` to the relay. */
  @property({ attribute: 'access-token' }) accessToken?: string;
  /**
   * How much recent history to send, in approximate tokens (1 per CJK character, 1 per 4 other characters;
   * the persona counts too); 0 = no limit.
   */
  @property({ type: Number, attribute: 'context-limit' }) contextLimit?: number;
  /** Hides the header (for pages that draw their own). */
  @property({ type: Boolean, attribute: 'no-header', reflect: true }) noHeader = false;
  /**
   * How images in replies load. `click` (default): images from other origins wait for a click on a placeholder
   * naming their host; same-origin and `data:` images load. `auto`: all load. `none`: only `data:` images load.
   * Always without a referrer.
   */
  @property() images: 'click' | 'auto' | 'none' = 'click';
  /**
   * What the user may attach, space-separated: `image` (paste, drop, pick or photograph up to 4 images; resized
   * to 2048 px and ~1 MB in the browser, sent as image parts) and `file` (text, code and PDF files up to 10 MB,
   * sent as text). Default: none.
   */
  @property() attachments = '';
  /**
   * Shows each reply's tokens (prompt, completion, reasoning) under it, and its cost when the relay's
   * `/v1/models` (next to `endpoint`) lists prices (`pricing: {prompt, completion}`, USD per token).
   */
  @property({ type: Boolean, attribute: 'show-usage' }) showUsage = false;
  /**
   * The relay's model list (the JSON body of its `/v1/models`, `{data: [{id, pricing?}, …]}`), or a promise of it,
   * when the page fetches it anyway: costs are priced from it and the element makes no `/v1/models` request of its
   * own. Unset (the default), the element fetches the list itself the first time it shows usage.
   */
  @property({ attribute: false }) modelList: ModelListInput | Promise<ModelListInput> = null;

  private _draftText = '';
  /**
   * The input's text. Typing redraws the element only when the text turns empty or non-empty (the send button):
   * a keystroke must not re-render the conversation.
   */
  private get _draft(): string {
    return this._draftText;
  }
  private set _draft(text: string) {
    const flips = !text.trim() !== !this._draftText.trim();
    this._draftText = text;
    if (flips || this.input?.value !== text) this.requestUpdate();
  }
  /** Text a failed send put back into the input: a Retry that then succeeds takes it out again. */
  private _restoredDraft: string | null = null;
  @state() private _editing = false;
  @state() private _announcement = '';
  @state() private _quotaFull = false;
  /** What shows "Copied": a message (by id; Lit renders its button) or a code block's button (see updated). */
  @state() private _copied: string | HTMLElement | null = null;
  private _uiLang: Lang = 'en';
  /** The storageIdentity the conversation was loaded from. */
  private loadedFrom: string | null = null;

  private readonly bodies = new MessageBodies(
    () => ({
      copy: this.t('copy'),
      copyCode: this.t('copyCode'),
      table: this.t('table'),
      footnoteBack: this.t('footnoteBack'),
      showCode: this.t('showCode'),
      showDiagram: this.t('showDiagram'),
      diagram: this.t('diagram'),
      diagramError: this.t('diagramError'),
      loadImage: this.t('loadImage'),
      imageFrom: this.t('imageFrom'),
      imageBlocked: this.t('imageBlocked'),
      image: this.t('image'),
    }),
    () => this.images,
  );
  private readonly persistence = new ChatPersistence(() => (this._quotaFull = true));
  /** The attachments UI: a lazy chunk, loaded once `attachments` names a kind or a message has attachments. */
  private attach: AttachmentsController | null = null;
  private attachView: AttachmentsView | null = null;
  private attachLoading = false;
  private readonly scroller = new ScrollController(this, () => this.renderRoot?.querySelector('.log') ?? null);
  private readonly window = new MessageWindow(this, () => this.renderRoot?.querySelector('.log') ?? null);
  private readonly viewport = new ViewportController(this, this);
  private readonly scheme = new ColorSchemeController(this);
  private readonly ticker = new Ticker(this, () => this.onTick());
  private readonly retryWait = new RetryCountdown(this);
  /** Created on the first click of the microphone (its code is a lazy chunk). */
  private dictation: Dictation | null = null;
  /** Created on the first click of a read-aloud button. */
  private speech: SpeechOutput | null = null;
  /** The usage-line module, once fetched (the first reply with usage shown). */
  private usageKit: typeof import('./usage/usage-line.js') | null = null;
  private usageKitAsked = false;
  /** Model prices from the relay, once asked for (null: not known yet). */
  private prices: Map<string, ModelPrice> | null = null;
  private pricesAsked = false;
  // What the conversation reports; each is a method below ("what the conversation reports").
  private readonly chat = new ChatController(this, () => this.chatConfig(), {
    streamStart: (entry) => this.onStreamStart(entry),
    streamDelta: (entry, delta) => this.onStreamDelta(entry, delta),
    streamEnd: (entry) => this.onStreamEnd(entry),
    changed: () => this.onMessagesChanged(),
    sent: (text) => this.onSent(text),
    responded: (entry, finishReason) => this.onResponded(entry, finishReason),
    failed: (failure, unsentText) => this.onFailed(failure, unsentText),
    stopped: (entry) => emit(this, 'gpt-chat-stop', { content: entry.content }),
    attached: (session, previous) => this.onAttached(session, previous),
  });

  // ---------- public API ----------

  /** The conversation (copies). Assigning replaces it (and stops a running reply). */
  get messages(): ChatEntry[] {
    return this.chat.messages.map((m) => ({ ...m }));
  }
  set messages(value: readonly ChatEntryInit[]) {
    if (this.loadedFrom === null) {
      // Assigned before the element connected: these messages win over whatever storage holds.
      this.loadedFrom = this.storageIdentity;
      this.persistence.configure(this.storage, this.storageKey);
    }
    this.chat.setMessages(Array.isArray(value) ? value : []);
    this.announce('');
  }

  /**
   * The conversation shown, as a `ChatSession` (exported by the package). Assigning another session switches to it
   * without stopping a reply that streams in the current one: that reply goes on (and its session keeps reporting
   * to its own listeners), and assigning its session again shows it live. Hosts with several chats keep one session
   * per chat; `new ChatSession(messages, versions)` restores one from storage.
   */
  get session(): ChatSession {
    return this.chat.session;
  }
  set session(value: ChatSession) {
    this.chat.attach(value);
  }

  /** Sends `text` as the user (resolves when the reply has finished, stopped or failed). */
  send(text: string): Promise<void> {
    return this.chat.send(text);
  }

  /** Stops the reply being streamed; the partial text stays. */
  stop(): void {
    this.chat.stop();
  }

  /** Asks again for the last reply. */
  regenerate(): Promise<void> {
    return this.chat.regenerate();
  }

  /** Deletes the conversation (and its stored copy, attachments of every version included). */
  clear(): void {
    const versions = this.chat.session.storedVersions()?.nodes.map((n) => n.message) ?? [];
    const ids = [
      ...new Set([...this.chat.messages, ...versions].flatMap((m) => (m.attachments ?? []).map((a) => a.id))),
    ];
    if (ids.length) void import('./conversation/blob-store.js').then((store) => store.deleteBlobs(ids));
    this.bodies.clear();
    this.chat.clear();
    this._editing = false;
    this.announce('');
  }

  /** Focuses the input (opening the panel in launcher mode). */
  override focus(options?: FocusOptions): void {
    if (this.mode === 'launcher' && !this.open) this.open = true;
    void this.updateComplete.then(() => this.input?.focus(options));
  }

  // ---------- lifecycle ----------

  override connectedCallback(): void {
    super.connectedCallback();
    // Moving the element (disconnect + connect) must not replace the conversation it holds.
    if (this.loadedFrom !== this.storageIdentity) this.loadConversation();
    else this.persistence.configure(this.storage, this.storageKey);
    this.bodies.prepare(() => this.requestUpdate(), this.renderRoot);
    if (!speechText) void loadSpeechText();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.persistence.dispose();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const lang = resolveLang(this.lang);
    // Rendered bodies carry localized button labels and the image mode: re-render them when those change.
    if (lang !== this._uiLang || (changed.has('images') && this.hasUpdated)) this.bodies.clear();
    if (changed.has('endpoint') || changed.has('modelList')) this.pricesAsked = false;
    this._uiLang = lang;
    const keyChanged = this.loadedFrom !== null && this.loadedFrom !== this.storageIdentity;
    if (this.isConnected && keyChanged) this.loadConversation();
    if (!this.attachView && !this.attachLoading && this.needsAttachments()) this.loadAttachments();
  }

  private needsAttachments(): boolean {
    return parseAttachmentKinds(this.attachments).size > 0 || this.chat.messages.some((m) => m.attachments?.length);
  }

  private loadAttachments(): void {
    this.attachLoading = true;
    void import('./view/attachments.js').then(({ createAttachments }) => {
      const { controller, view } = createAttachments(this, {
        kinds: () => parseAttachmentKinds(this.attachments),
        tokenBudget: () => (Number.isFinite(this.contextLimit) && this.contextLimit! > 0 ? this.contextLimit! : 0),
        persist: () => this.storage !== 'none',
        inUse: (id) => this.chat.messages.some((m) => m.attachments?.some((a) => a.id === id)),
        t: (key, params) => this.t(key, params),
        root: () => this.shadowRoot,
        redraw: () => this.requestUpdate(),
      });
      this.attach = controller;
      this.attachView = view;
      this.requestUpdate();
    });
  }

  protected override updated(changed: PropertyValues): void {
    // A modal dialog takes focus when it opens, however it was opened (the launcher, el.open = true).
    if (changed.get('open') === false && this.open && this.modal) this.focusIntoPanel();
    // A code block's copy button lives in the Markdown DOM, outside Lit's templates: its label is set here.
    if (!changed.has('_copied')) return;
    const before = changed.get('_copied');
    if (before instanceof HTMLElement) before.textContent = this.t('copy');
    if (this._copied instanceof HTMLElement) this._copied.textContent = this.t('copied');
  }

  /** Which stored conversation the attributes point at: one per storage area and key. */
  private get storageIdentity(): string {
    return `${this.storage}|${this.storageKey}`;
  }

  private loadConversation(): void {
    this.loadedFrom = this.storageIdentity;
    this.persistence.configure(this.storage, this.storageKey);
    this.bodies.clear();
    this._quotaFull = false;
    this.chat.setMessages(this.persistence.load(), this.persistence.loadedVersions());
    this._draft = this.persistence.loadDraft();
    // A status about the previous conversation ("Reply received: …") must not be read out for this one.
    this.announce('');
  }

  // ---------- helpers ----------

  private t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this._uiLang, key, params);
  }

  private get input(): HTMLTextAreaElement | null {
    return this.renderRoot?.querySelector('textarea.input') ?? null;
  }

  private tokenStorageKey(): string {
    return `gpt-chat:access-token:${new URL(this.endpoint || DEFAULT_ENDPOINT, location.href).href}`;
  }

  private chatConfig() {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(this.tokenStorageKey());
    } catch {
      // Storage can be blocked (privacy mode, sandboxed iframes): then only the attribute counts.
    }
    return {
      endpoint: this.endpoint || DEFAULT_ENDPOINT,
      persona: this.persona ?? '',
      model: this.model || undefined,
      temperature: Number.isFinite(this.temperature) ? this.temperature : undefined,
      // Relays refuse a max_tokens that is not a positive whole number: send none rather than a refused one.
      maxTokens: Number.isFinite(this.maxTokens) && this.maxTokens! >= 1 ? Math.floor(this.maxTokens!) : undefined,
      contextLimit: Number.isFinite(this.contextLimit) ? this.contextLimit : undefined,
      accessToken: this.accessToken || stored || undefined,
    };
  }

  private setDraft(text: string): void {
    this._draft = text;
    const input = this.input;
    if (input && input.value !== text) input.value = text;
    this.persistence.saveDraft(text);
  }

  private errorText(f: ChatFailure): string {
    switch (f.kind) {
      case 'auth':
        return this.t(f.tokenRejected ? 'errorAuthWrong' : 'errorAuth');
      case 'upstream-auth':
        return this.t('errorUpstreamAuth');
      case 'quota':
        return this.t('errorQuota');
      case 'forbidden':
        return this.t('errorForbidden');
      case 'too-large':
        return this.t('errorTooLarge');
      case 'rate-limit':
        return f.retryAfterSeconds
          ? this.t('errorRateLimit', { s: Math.ceil(f.retryAfterSeconds) })
          : this.t('errorRateLimitNoTime');
      case 'server':
        return this.t('errorServer', { status: f.status || 500 });
      case 'network':
        return this.t('errorNetwork');
      case 'bad-request':
        return this.t('errorBadRequest', { status: f.status || 400 });
      case 'no-images':
        return this.t('errorNoImages');
      default:
        return f.status ? this.t('errorUpstreamStatus', { status: f.status }) : this.t('errorUpstream');
    }
  }

  /** Copies `text`, then `what` (a message id or a code block's button) says "Copied" for a moment. */
  private async copy(text: string, what: string | HTMLElement): Promise<void> {
    await copyText(text);
    this._copied = what;
    setTimeout(() => {
      if (this._copied === what) this._copied = null;
    }, COPIED_MS);
  }

  // ---------- what the conversation reports (ChatController's sink) ----------

  private onStreamStart(entry: ChatEntry): void {
    this.bodies.startStream(entry);
    this.scroller.follow();
    this.ticker.start();
    // Announced once: the counting status itself sits in the log, which never speaks (aria-live off).
    if (!entry.content && !entry.reasoning) this.announce(this.t('waitingStart'));
  }

  private onAttached(session: ChatSession, previous: ChatSession): void {
    if (previous.streaming) this.bodies.endStream(previous.streaming);
    this._editing = false;
    this.retryWait.start(session.error?.retryAfterSeconds);
    // A status about the other conversation must not be read out for this one.
    this.announce('');
    if (session.streaming) {
      this.bodies.startStream(session.streaming);
      this.ticker.start();
    } else this.ticker.stop();
    this.scroller.pin();
  }

  private onStreamEnd(entry: ChatEntry): void {
    this.ticker.stop();
    this.bodies.endStream(entry);
  }

  /** The counters show only before the reply's first text: later seconds redraw nothing. */
  private onTick(): void {
    const last = this.chat.messages.at(-1);
    if (last?.status === 'streaming' && !last.content) this.requestUpdate();
  }

  /** Whole seconds since `since` (Date.now() time). */
  private secondsSince(since: number): number {
    return Math.max(0, Math.floor((Date.now() - since) / 1000));
  }

  private thinkingLabel(m: ChatEntry, live: boolean): string {
    if (live) return this.t('thinkingLive', { s: this.secondsSince(this.chat.thinkingSince ?? this.chat.startedAt) });
    if (m.reasoningMs === undefined) return this.t('thinking');
    return this.t('thoughtFor', { s: Math.max(1, Math.round(m.reasoningMs / 1000)) });
  }

  private onStreamDelta(entry: ChatEntry, delta: { content?: string; reasoning?: string }): void {
    // First visible text changes the layout (thinking collapses, typing indicator goes): one re-render.
    if (delta.content && entry.content.length === delta.content.length) this.requestUpdate();
    if (delta.reasoning && entry.reasoning?.length === delta.reasoning.length) {
      this.requestUpdate();
      this.ticker.start();
    }
    this.bodies.streamDelta(entry, delta, () => {
      this.scroller.follow();
      this.persistence.saveSoon(this.chat.messages, this.chat.session.storedVersions());
    });
  }

  private onMessagesChanged(): void {
    this.persistence.save(this.chat.messages, this.chat.session.storedVersions());
    this.requestUpdate();
    emit(this, 'gpt-chat-messages-change', { messages: this.messages });
  }

  private onSent(text: string): void {
    // Clear the input only when it held what was sent: a message sent through the API, or an edited
    // earlier message, must not wipe what the user is typing.
    if (this._draft.trim() === text.trim()) this.setDraft('');
    this._restoredDraft = null;
    this.scroller.pin();
    emit(this, 'gpt-chat-send', { text });
  }

  private onResponded(entry: ChatEntry, finishReason: string | null): void {
    // Retry sent the restored text; left in the input it would be ready to be sent twice.
    if (this._restoredDraft !== null && this._draft === this._restoredDraft) this.setDraft('');
    this._restoredDraft = null;
    const announceReply = ({ spokenText }: SpeechText) =>
      this.announce(this.t('replyDone', { text: spokenText(entry.content) }));
    if (speechText) announceReply(speechText);
    else void loadSpeechText().then(announceReply);
    this.attach?.forget(new Set(this.chat.messages.flatMap((m) => (m.attachments ?? []).map((a) => a.id))));
    emit(this, 'gpt-chat-response', {
      content: entry.content,
      reasoning: entry.reasoning ?? '',
      finishReason,
      usage: entry.usage,
    });
  }

  private onFailed(failure: ChatFailure, unsentText: string | null): void {
    this.retryWait.start(failure.retryAfterSeconds);
    if (unsentText && !this._draft.trim()) {
      this.setDraft(unsentText);
      this._restoredDraft = unsentText;
    }
    const last = this.chat.messages.at(-1);
    if (unsentText !== null && last?.role === 'user' && last.attachments?.length)
      this.attach?.restore(last.attachments);
    emit(this, 'gpt-chat-error', {
      status: failure.status,
      code: failure.code,
      message: this.errorText(failure),
      kind: failure.kind,
    });
    this.announce(this.errorText(failure));
  }

  // ---------- event handlers ----------

  private onSubmit(event: Event): void {
    event.preventDefault();
    const text = this.input?.value ?? this._draft;
    const attach = this.attach;
    if ((!text.trim() && !attach?.pending.length) || this.chat.busy || attach?.busy) return;
    void this.chat.send(text, attach?.take());
  }

  private onInput(event: Event): void {
    const value = (event.target as HTMLTextAreaElement).value;
    // Typing again answers a dictation error ("no speech heard"): it goes.
    if (this.dictation) this.dictation.error = null;
    this.bodies.noteTyping();
    this._draft = value;
    this.persistence.saveDraft(value);
  }

  private onInputKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey) return;
    // During IME composition (Chinese, Japanese…) Enter picks a candidate: it must never send.
    if (event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.onSubmit(event);
  }

  private onPanelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Tab' && this.modal) {
      trapTab(event, event.currentTarget as HTMLElement, this.shadowRoot!.activeElement);
      return;
    }
    if (event.key !== 'Escape' || event.isComposing) return;
    if (this.chat.busy) {
      event.preventDefault();
      this.chat.stop();
    } else if (this.mode === 'launcher' && this.open && !this._editing) {
      event.preventDefault();
      this.setOpen(false);
    }
  }

  private onLogClick(event: Event): void {
    const target = event.target as Element | null;
    if (target && this.bodies.followFootnote(target)) return event.preventDefault();
    const button = target?.closest?.('button') as HTMLButtonElement | null;
    if (!button) return;
    // A placeholder may sit inside a link: loading the image must not also follow it.
    if (this.bodies.loadImage(button)) return event.preventDefault();
    // Only what the renderer recorded for its own button, never text from DOM model HTML can shape.
    const text = this.bodies.copySource(button);
    if (text === undefined) return;
    void this.copy(text, button);
  }

  /** Copying a selection with formulas copies their TeX source. */
  private onLogCopy(event: ClipboardEvent): void {
    const root = this.renderRoot as ShadowRoot & { getSelection?: () => Selection | null };
    const selection = root.getSelection?.() ?? document.getSelection();
    if (!selection?.rangeCount || !event.clipboardData) return;
    const text = this.bodies.copyMath(selection.getRangeAt(0));
    if (text === null) return;
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  }

  private setOpen(open: boolean): void {
    this.open = open;
    void this.updateComplete.then(() => {
      if (open) this.focusIntoPanel();
      else (this.renderRoot.querySelector('.launcher') as HTMLElement | null)?.focus();
    });
  }

  /** Says `status` in the polite live region (capped: a live region is no place for a whole reply). */
  private announce(status: string): void {
    this._announcement = cap(status, SPOKEN_MAX + 100);
  }

  /** On a phone the open launcher panel covers the page: a modal dialog that keeps focus inside. */
  private get modal(): boolean {
    return this.mode === 'launcher' && this.open && this.viewport.phone;
  }

  private focusIntoPanel(): void {
    const panel = this.renderRoot.querySelector('.panel');
    if (!panel || panel.contains(this.shadowRoot!.activeElement)) return;
    // The access-code form replaces the composer when a token is needed: then its first control.
    (this.input ?? tabbables(panel)[0])?.focus();
  }

  private onClear(): void {
    if (this.chat.messages.length === 0) return;
    if (!confirm(this.t('clearConfirm'))) return;
    this.clear();
  }

  private async onAccessCode(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const code = (form.querySelector('input') as HTMLInputElement).value.trim();
    if (!code) return;
    try {
      localStorage.setItem(this.tokenStorageKey(), code);
    } catch {
      // Without storage the code still works for this page view.
      this.accessToken = code;
    }
    await this.chat.retry();
  }

  private startEdit(): void {
    this._editing = true;
    void this.updateComplete.then(() => {
      const area = this.renderRoot.querySelector<HTMLTextAreaElement>('.edit textarea');
      area?.focus();
    });
  }

  private onEditKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this._editing = false;
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      this.saveEdit();
    }
  }

  private saveEdit(): void {
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>('.edit textarea');
    const text = area?.value ?? '';
    if (!text.trim()) return;
    this._editing = false;
    this.bodies.clear();
    void this.chat.editLast(text);
  }

  // ---------- rendering ----------

  protected override render(): TemplateResult {
    const launcher = this.mode === 'launcher';
    const title = this.title || this.t('title');
    return html`
      ${launcher ? this.renderLauncher() : nothing}
      <section
        id="panel"
        class="panel"
        part="panel"
        role=${launcher ? 'dialog' : 'region'}
        aria-modal=${this.modal ? 'true' : nothing}
        aria-label=${title}
        title=""
        lang=${this._uiLang}
        @keydown=${this.onPanelKeydown}
        @dragover=${this.attachView?.onDragOver}
        @dragleave=${this.attachView?.onDragLeave}
        @drop=${this.attachView?.onDrop}
      >
        ${this.renderHeader(title, launcher)}
        ${this.renderLog()}
        ${this._quotaFull ? html`<div class="notice warning quota" role="alert">${this.t('quota')}</div>` : nothing}
        ${this.renderMicError()}
        ${this.renderComposer()}
        <div class="sr-only announcer" role="status" aria-live="polite" aria-atomic="true">${this._announcement}</div>
        ${this.attachView?.viewer() ?? nothing}
      </section>
    `;
  }

  private renderLauncher(): TemplateResult {
    return html`<button
      class="launcher"
      part="launcher"
      type="button"
      aria-label=${this.open ? this.t('close') : this.t('open')}
      aria-expanded=${this.open ? 'true' : 'false'}
      aria-controls="panel"
      title=${this.open ? this.t('close') : this.t('open')}
      @click=${() => this.setOpen(!this.open)}
    >
      ${this.open ? icons.closeIcon : icons.chatIcon}
    </button>`;
  }

  private renderHeader(title: string, launcher: boolean): TemplateResult {
    return html`<header part="header">
      <h2>${title}</h2>
      <button
        class="icon-button clear"
        type="button"
        aria-label=${this.t('clear')}
        title=${this.t('clear')}
        ?disabled=${this.chat.messages.length === 0}
        @click=${this.onClear}
      >
        ${icons.clearIcon}
      </button>
      ${
        launcher
          ? html`<button
            class="icon-button close"
            type="button"
            aria-label=${this.t('close')}
            title=${this.t('close')}
            @click=${() => this.setOpen(false)}
          >
            ${icons.closeIcon}
          </button>`
          : nothing
      }
    </header>`;
  }

  private renderLog(): TemplateResult {
    return html`<div class="log-wrap">${this.renderMessages()}${this.renderJump()}</div>`;
  }

  private renderJump(): TemplateResult | typeof nothing {
    if (this.scroller.atBottom) return nothing;
    return html`<button
      class="jump"
      part="jump"
      type="button"
      aria-label=${this.t('jump')}
      title=${this.t('jump')}
      @click=${this.onJump}
    >
      ${icons.downIcon}
    </button>`;
  }

  private onJump(): void {
    this.scroller.pin();
    // The button goes away: keep keyboard focus in the conversation rather than losing it to the page.
    (this.renderRoot.querySelector('.log') as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private renderMessages(): TemplateResult {
    // Long chats render their newest messages first; older ones as the reader scrolls up (view/message-window.ts).
    const from = this.window.from(this.chat.messages);
    return html`<div
      class="log"
      part="log"
      role="log"
      aria-live="off"
      aria-label=${this.t('log')}
      aria-busy=${this.chat.busy ? 'true' : 'false'}
      tabindex="0"
      @click=${this.onLogClick}
      @copy=${this.onLogCopy}
    >
      ${
        this.greeting && from === 0
          ? html`<div class="msg assistant greeting" part="message assistant">
            <div class="bubble">${this.greeting}</div>
          </div>`
          : nothing
      }
      ${from > 0 ? html`<div class="more" aria-hidden="true"></div>` : nothing}
      ${repeat(
        from > 0 ? this.chat.messages.slice(from) : this.chat.messages,
        (m) => m.id,
        (m, i) => this.renderMessage(m, from + i),
      )}
      ${this.chat.error ? this.renderError(this.chat.error) : nothing}
    </div>`;
  }

  private renderComposer(): TemplateResult {
    const sendable = (!!this._draft.trim() || !!this.attach?.pending.length) && !this.attach?.busy;
    return html`<form class="composer" part="composer" @submit=${this.onSubmit}>
      ${this.attachView?.tray() ?? nothing} ${this.attachView?.controls() ?? nothing}
      <textarea
        class="input"
        part="input"
        rows="1"
        aria-label=${this.t('inputLabel')}
        placeholder=${this.placeholder || this.t('placeholder')}
        .value=${this._draft}
        @input=${this.onInput}
        @keydown=${this.onInputKeydown}
        @paste=${this.attachView?.onPaste}
      ></textarea>
      ${this.renderMic()}
      ${
        this.chat.busy
          ? html`<button
            class="stop"
            part="stop"
            type="button"
            aria-label=${this.t('stop')}
            title=${this.t('stop')}
            @click=${() => this.chat.stop()}
          >
            ${icons.stopIcon}
          </button>`
          : html`<button
            class="send"
            part="send"
            type="submit"
            aria-label=${this.t('send')}
            title=${this.t('send')}
            ?disabled=${!sendable}
          >
            ${icons.sendIcon}
          </button>`
      }
    </form>`;
  }

  private renderMessage(m: ChatEntry, index: number): TemplateResult {
    const messages = this.chat.messages;
    const isLast = index === messages.length - 1;
    const isLastUser = m.role === 'user' && messages.findLastIndex((x) => x.role === 'user') === index;
    const marker =
      this.chat.trimmedBeforeId === m.id
        ? html`<div class="marker" role="note">${this.t('trimmed', { n: this.chat.trimmedCount })}</div>`
        : nothing;
    if (m.role === 'user') {
      const editing = this._editing && isLastUser && !this.chat.busy;
      return html`${marker}
        <div class="msg user" part="message user" data-id=${m.id}>
          <span class="sr-only">${this.t('you')}:</span>
          ${
            editing
              ? html`<div class="edit">
                <textarea aria-label=${this.t('edit')} .value=${m.content} @keydown=${this.onEditKeydown}></textarea>
                <div class="row">
                  <button class="text-button" type="button" @click=${() => (this._editing = false)}>
                    ${this.t('cancel')}
                  </button>
                  <button class="text-button primary" type="button" @click=${this.saveEdit}>${this.t('save')}</button>
                </div>
              </div>`
              : html`${this.attachView?.sent(m.attachments) ?? nothing}
                ${m.content || !m.attachments?.length ? html`<div class="bubble">${m.content}</div>` : nothing}
                <div class="actions">
                  ${this.versionsControl(m)} ${this.copyButton(m)}
                  ${
                    isLastUser && !this.chat.busy
                      ? html`<button
                        class="icon-button edit-button"
                        type="button"
                        aria-label=${this.t('edit')}
                        title=${this.t('edit')}
                        @click=${this.startEdit}
                      >
                        ${icons.editIcon}
                      </button>`
                      : nothing
                  }
                </div>`
          }
        </div>`;
    }
    const streaming = m.status === 'streaming';
    // Nothing of the reply yet: a counting status says the request is alive (the model may take a while).
    const live = streaming && !m.content;
    return html`${marker}
      <div class="msg assistant" part="message assistant" data-id=${m.id} data-status=${m.status ?? 'complete'}>
        <span class="sr-only">${this.t('assistant')}:</span>
        ${
          m.reasoning
            ? html`<details class="thinking" ?open=${live}>
              <summary>${this.thinkingLabel(m, live)}</summary>
              ${this.bodies.reasoning(m)}
            </details>`
            : nothing
        }
        <div class="bubble">${this.bodies.body(m)}</div>
        ${
          live && !m.reasoning
            ? html`<div class="status typing waiting">
              ${this.t('waiting', { s: this.secondsSince(this.chat.startedAt) })}
            </div>`
            : nothing
        }
        ${
          m.status === 'cut'
            ? html`<div class="status cut-off">
              ${this.t('cutOff')}
              ${
                isLast
                  ? html`<button class="text-button continue" type="button" @click=${() => this.chat.continueReply()}>
                    ${this.t('continue')}
                  </button>`
                  : nothing
              }
            </div>`
            : nothing
        }
        ${
          m.status === 'interrupted'
            ? m.stopped
              ? html`<div class="status stopped">${this.t('stopped')}</div>`
              : html`<div class="status interrupted">${this.t('interrupted')}</div>`
            : nothing
        }
        ${streaming ? nothing : this.renderUsage(m)}
        ${
          streaming
            ? nothing
            : html`<div class="actions">
              ${this.versionsControl(m)} ${this.copyButton(m)}
              ${this.renderSpeak(m)}
              ${
                isLast && !this.chat.busy
                  ? html`<button
                    class="icon-button regenerate"
                    type="button"
                    aria-label=${this.t('regenerate')}
                    title=${this.t('regenerate')}
                    @click=${() => this.chat.regenerate()}
                  >
                    ${icons.regenerateIcon}
                  </button>`
                  : nothing
              }
            </div>`
        }
      </div>`;
  }

  /** ‹ 2/3 › between the versions of a turn (regenerated replies, edited messages); nothing when there is one. */
  private versionsControl(m: ChatEntry): TemplateResult | typeof nothing {
    const v = this.chat.versions(m.id);
    if (v.count < 2) return nothing;
    const busy = this.chat.busy;
    const go = (id: string | null) => {
      if (!id) return;
      this.chat.choose(id);
      // The button pressed may be gone (first/last version): keep focus on this turn's control.
      void this.updateComplete.then(() => {
        const group = this.renderRoot.querySelector(`[data-id="${CSS.escape(id)}"] .versions`);
        const again = group?.querySelector<HTMLButtonElement>(`button.${id === v.previous ? 'previous' : 'next'}`);
        (again && !again.disabled ? again : group?.querySelector<HTMLButtonElement>('button:not(:disabled)'))?.focus();
      });
    };
    return html`<span class="versions" part="versions" role="group" aria-label=${this.t('versions')}>
      <button
        class="icon-button previous"
        type="button"
        aria-label=${this.t('versionPrevious')}
        title=${this.t('versionPrevious')}
        ?disabled=${!v.previous || busy}
        @click=${() => go(v.previous)}
      >
        ${icons.previousIcon}
      </button>
      <span class="count" aria-hidden="true">${v.index}/${v.count}</span>
      <span class="sr-only">${this.t('versionOf', { i: v.index, n: v.count })}</span>
      <button
        class="icon-button next"
        type="button"
        aria-label=${this.t('versionNext')}
        title=${this.t('versionNext')}
        ?disabled=${!v.next || busy}
        @click=${() => go(v.next)}
      >
        ${icons.nextIcon}
      </button>
    </span>`;
  }

  private copyButton(m: ChatEntry): TemplateResult {
    const copied = this._copied === m.id;
    const label = copied ? this.t('copied') : this.t('copyMessage');
    return html`<button
      class="icon-button copy-message"
      type="button"
      aria-label=${label}
      title=${label}
      @click=${() => this.copy(m.content, m.id)}
    >
      ${copied ? icons.checkIcon : icons.copyIcon}
    </button>`;
  }

  private renderMic(): TemplateResult | typeof nothing {
    if (!canDictate()) return nothing;
    return html`<button
      class="mic"
      part="mic"
      type="button"
      aria-label=${this.t('mic')}
      title=${this.t('mic')}
      aria-pressed=${this.dictation?.listening ? 'true' : 'false'}
      @click=${this.toggleDictation}
    >
      ${icons.micIcon}
    </button>`;
  }

  private renderMicError(): TemplateResult | typeof nothing {
    const error = this.dictation?.error;
    if (!error) return nothing;
    return html`<div class="notice error mic-error" part="mic-error" role="alert">${this.t(MIC_ERRORS[error])}</div>`;
  }

  private renderSpeak(m: ChatEntry): TemplateResult | typeof nothing {
    if (!canSpeak() || !m.content.trim()) return nothing;
    return html`<button
      class="icon-button speak"
      part="speak"
      type="button"
      aria-label=${this.t('speak')}
      title=${this.t('speak')}
      aria-pressed=${this.speech?.speaking === m.id ? 'true' : 'false'}
      @click=${() => this.toggleSpeech(m)}
    >
      ${icons.speakIcon}
    </button>`;
  }

  private renderUsage(m: ChatEntry): TemplateResult | typeof nothing {
    if (!this.showUsage || !m.usage) return nothing;
    const kit = this.usageKit;
    if (!kit) {
      this.loadUsageKit();
      return nothing;
    }
    if (!this.pricesAsked && this.modelList) {
      this.pricesAsked = true;
      const given = this.modelList; // the page's list: no request of our own
      void Promise.resolve(given).then((list) => {
        if (this.modelList !== given) return;
        this.prices = kit.pricesFrom(list);
        if (this.prices.size > 0) this.requestUpdate();
      });
    } else if (!this.pricesAsked) {
      this.pricesAsked = true;
      const config = this.chatConfig();
      void kit.loadPrices(config.endpoint, config.accessToken).then((prices) => {
        this.prices = prices;
        if (prices.size > 0) this.requestUpdate();
      });
    }
    const text = kit.usageText(m.usage, this.prices, this.model, this._uiLang, (key, params) => this.t(key, params));
    return text ? html`<div class="usage" part="usage">${text}</div>` : nothing;
  }

  private loadUsageKit(): void {
    if (this.usageKitAsked) return;
    this.usageKitAsked = true;
    import('./usage/usage-line.js').then(
      (kit) => {
        this.usageKit = kit;
        this.requestUpdate();
      },
      // Offline before the chunk was cached: no usage line, and the next render may try again.
      () => (this.usageKitAsked = false),
    );
  }

  private async toggleDictation(): Promise<void> {
    if (!this.dictation) {
      const { Dictation } = await import('./controllers/dictation.js');
      this.dictation ??= new Dictation(this, {
        lang: () => (this._uiLang === 'zh-CN' ? 'zh-CN' : 'en-US'),
        input: () => this.input,
        write: (value, caret) => {
          this.setDraft(value);
          this.input?.setSelectionRange(caret, caret);
        },
      });
    }
    this.dictation.toggle();
  }

  private async toggleSpeech(m: ChatEntry): Promise<void> {
    const [{ SpeechOutput, replyLang }, { readAloudText }] = await Promise.all([
      import('./controllers/speech-output.js'),
      speechText ?? loadSpeechText(),
    ]);
    this.speech ??= new SpeechOutput(this);
    this.speech.toggle(m.id, readAloudText(m.content, this.t('codeBlock')), replyLang(m.content, this._uiLang));
  }

  /** The relay's words after its own (already localized) sentence; its "Provider said" lead in the UI's language. */
  private providerWords(message: string): string {
    const rest = message.replace(/^The provider rejected this relay's API key; the relay's owner must fix it\.\s*/, '');
    const said = /^Provider said \(HTTP (\d{3})\): ([\s\S]+)$/.exec(rest);
    return said ? this.t('providerSaid', { status: said[1]!, reason: said[2]! }) : rest;
  }

  private renderError(f: ChatFailure): TemplateResult {
    // The server's own words help for in-stream and request errors, and say the provider's reason for a refused key
    // or a 429; never for HTML error pages (their message is only "HTTP 502").
    const detail = showsDetail(f) ? this.providerWords(f.message) : '';
    const wait = this.retryWait.remaining;
    // While Retry counts down, the notice names no number of seconds that would soon be stale (the event and the
    // announcement keep the server's figure).
    const text = f.kind === 'rate-limit' && f.retryAfterSeconds ? this.t('errorRateLimitNoTime') : this.errorText(f);
    return html`<div class="notice error" role="alert" data-kind=${f.kind}>
      <div>${text}</div>
      ${detail ? html`<div class="detail">${this.t('errorDetail', { message: detail })}</div>` : nothing}
      ${
        f.kind === 'auth'
          ? html`<form class="row access" @submit=${this.onAccessCode}>
            <input type="password" autocomplete="off" aria-label=${this.t('accessCode')} placeholder=${this.t('accessCode')} />
            <button class="text-button primary" type="submit">${this.t('accessCodeSubmit')}</button>
          </form>`
          : html`<div class="row">
            <button class="text-button retry" type="button" ?disabled=${wait > 0} @click=${() => this.chat.retry()}>
              ${wait > 0 ? this.t('retryIn', { s: wait }) : this.t('retry')}
            </button>
          </div>`
      }
    </div>`;
  }
}

const MIC_ERRORS: Record<DictationError, MessageKey> = {
  'not-allowed': 'micNotAllowed',
  'no-speech': 'micNoSpeech',
  network: 'micNetwork',
  failed: 'micFailed',
};

/** The relay's upstream_auth_failed message starts with what the localized text already says: keep the rest. */

/** Whether the server's own message is worth showing under the localized one. */
function showsDetail(f: ChatFailure): boolean {
  if (f.kind === 'upstream') return !f.status;
  const said = f.kind === 'bad-request' || f.kind === 'upstream-auth' || f.kind === 'rate-limit' || f.kind === 'quota';
  return said && !!f.message && f.message !== `HTTP ${f.status}`;
}
