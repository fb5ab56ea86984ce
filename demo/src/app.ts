// <gpt-chat-app>: the standalone page. Owns the state (settings, chats, personas, models) and wires one
// <gpt-chat> element to the chat being viewed. The element runs with storage="none": the page keeps every
// chat in its own store (IndexedDB) and hands the element one chat's messages at a time through the public
// `messages` property, syncing back on the element's events.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { GptChat } from '../../src/widget/index.js';
import { appStyles } from './app-styles.js';
import {
  cleanTitle,
  createChat,
  messageText,
  sameVersions,
  sortChats,
  titleRequest,
  titleSource,
  withMessages,
} from './chats.js';
// The element's own copy helper: Clipboard API where allowed, execCommand on plain-http LAN pages.
import { copyText } from '../../src/widget/index.js';
import { ElementBinding } from './element-binding.js';
import { translator, type Translate } from './i18n.js';
import { icons } from './icons.js';
import { download, type ImportResult } from './modal.js';
import { fetchModels, fetchTitle } from './models.js';
import { chatTotal, formatTotal, pricesLookup, todayTotal } from './usage-totals.js';
import type { ModelPrice } from '../../src/widget/usage/usage.js';
import {
  DEFAULT_PERSONA_ID,
  ImportError,
  allPersonas,
  findPersona,
  parsePersonaFile,
  personasToFile,
} from './personas.js';
import { Repo, type SaveStatus } from './repo.js';
import { applySendKey } from './send-key.js';
import { renderNotices, renderTopBar } from './app-parts.js';
import { accessCodeFor, relayAddress, relayCandidates, withAccessCode } from './relay-trust.js';
import { endpoints, loadConfig, normalizeSettings, relayFromQuery } from './settings.js';
import { shortcutFor } from './shortcuts.js';
import { openStore, readSettingsRaw, writeSettingsRaw, type StoreKind } from './store.js';
import { applyTheme } from './theme.js';
import { chatsToJson, chatsToMarkdown, mergeChats, parseChatsFileWithBlobs } from './transfer.js';
import {
  attachmentIds,
  exportBlobs,
  forgetAttachments,
  importBlobs,
  persistAttachments,
  restoreAttachments,
} from './attachments.js';
import type { Chat, ChatEntry, Persona, Settings } from './types.js';
import type { ChatOptions, GptChatOptions } from './chat-options-dialog.js';
import type { GptChatPersonas } from './persona-dialog.js';
import type { GptChatRelayConfirm } from './relay-confirm-dialog.js';
import type { GptChatSettings } from './settings-dialog.js';
import type { GptChatShortcuts } from './shortcuts-dialog.js';
import type { GptChatSidebar } from './sidebar.js';
import './chat-options-dialog.js';
import './persona-dialog.js';
import './persona-picker.js';
import './relay-confirm-dialog.js';
import './settings-dialog.js';
import './shortcuts-dialog.js';
import './sidebar.js';
import { startPageSync, touchesSyncedSettings } from './sync/page-sync.js';
import type { SyncEngine, SyncStatus } from './sync/engine.js';
import type { GptChatSyncSection } from './sync/sync-section.js';
import { markEdits } from './sync/tombstones.js';
import './pwa/banners.js';
import './pwa/storage-section.js';
import { askPersistentStorage } from './pwa/storage.js';
import type { ModelList } from '../../src/shared/openai.js';

interface Toast {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
}

const NARROW = '(max-width: 767px)';
const UNDO_MS = 8000;

export class GptChatApp extends LitElement {
  static override properties = {
    settings: { state: true },
    ready: { state: true },
    current: { state: true },
    chatList: { state: true },
    ownPersonas: { state: true },
    models: { state: true },
    modelsFailed: { state: true },
    prices: { state: true },
    modelList: { state: true },
    typingModel: { state: true },
    needsAccessCode: { state: true },
    narrow: { state: true },
    drawerOpen: { state: true },
    collapsed: { state: true },
    toast: { state: true },
    saveStatus: { state: true },
    syncStatus: { state: true },
    settingsUnsaved: { state: true },
    resolvedTheme: { state: true },
    streamingIds: { state: true },
  };

  settings: Settings = normalizeSettings(readSettingsRaw());
  ready = false;
  /** The chat on screen. It is in the list once it has a message; until then it is a draft. */
  current!: Chat;
  chatList: Chat[] = [];
  ownPersonas: Persona[] = [];
  models: string[] = [];
  modelsFailed = false;
  /** Model prices from the relay's list (empty when it gives none): the usage totals' cost. */
  prices: ReadonlyMap<string, ModelPrice> = new Map();
  /** The relay's model list as it arrives, handed to the element (its costs), so it need not fetch it too. */
  modelList: Promise<ModelList | null> | null = null;
  /** The model picker is a text field for a model id the relay does not list. */
  typingModel = false;
  /** The relay refused the access code (or wants one): shown as a banner leading to Settings. */
  needsAccessCode = false;
  narrow = false;
  drawerOpen = false;
  collapsed = false;
  toast: Toast | null = null;
  saveStatus: SaveStatus = 'ok';
  syncStatus: SyncStatus | null = null;
  private sync: SyncEngine | null = null;
  settingsUnsaved = false;
  resolvedTheme: 'light' | 'dark' = 'light';
  /** The chats whose reply is streaming (in view or in the background). */
  streamingIds: ReadonlySet<string> = new Set();

  private repo!: Repo;
  /** True while the page asks about relay addresses it was given: nothing is fetched until it knows. */
  private askingRelay = true;
  private readonly pageOrigin = location.origin;
  private t: Translate = translator(this.settings.lang);
  private stopTheme = () => {};
  private stopSendKey = () => {};
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private toastSeq = 0;
  private readonly binding = new ElementBinding(() => this.element, {
    changed: (id, messages, versions, soon, edits) => this.onChatChanged(id, messages, versions, soon, edits),
    responded: (id) => void this.nameChat(id),
    streamingChanged: (ids) => (this.streamingIds = ids),
  });
  private readonly mq = globalThis.matchMedia?.(NARROW);

  // ---------- start-up ----------

  override connectedCallback(): void {
    super.connectedCallback();
    this.narrow = Boolean(this.mq?.matches);
    this.mq?.addEventListener('change', this.onNarrowChange);
    document.addEventListener('keydown', this.onKeydown);
    window.addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onPageHide);
    window.addEventListener('hashchange', this.onHashChange);
    void this.boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.mq?.removeEventListener('change', this.onNarrowChange);
    document.removeEventListener('keydown', this.onKeydown);
    window.removeEventListener('pagehide', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onPageHide);
    window.removeEventListener('hashchange', this.onHashChange);
    this.stopTheme();
    this.stopSendKey();
    this.binding.dispose();
  }

  private async boot(): Promise<void> {
    this.applySettings();
    const params = new URLSearchParams(location.search);
    const prefer = params.get('store') as StoreKind | null;
    const [config, store] = await Promise.all([loadConfig(), openStore(prefer ?? undefined)]);
    this.repo = new Repo(store, (status) => (this.saveStatus = status));
    try {
      await this.repo.load();
    } catch {
      this.saveStatus = 'error';
    }
    this.ownPersonas = this.repo.personas;
    this.refreshList();
    this.sync = startPageSync({
      repo: this.repo,
      settings: () => this.settings,
      relayBase: () => this.relayBase,
      accessCode: () => this.accessCode,
      updateSettings: (patch) => this.updateSettings(patch),
      settle: () => this.binding.flush(),
      remoteChat: (id, chat) => this.onRemoteChat(id, chat),
      onStatus: (status) => (this.syncStatus = status),
    });
    const fromHash = this.repo.chats.get(location.hash.slice(1));
    this.current = fromHash ?? this.newDraft();
    this.ready = true;
    await this.updateComplete;
    this.bindElement();
    if (this.element) this.stopSendKey = applySendKey(this.element, () => this.settings.sendKey);
    await this.confirmRelays(config.relay ?? '');
    this.askingRelay = false;
    // Ready to type on a desktop; on a phone or tablet focus would raise the on-screen keyboard over the page.
    const touch = globalThis.matchMedia?.('(hover: none), (pointer: coarse)').matches;
    const idle = !document.activeElement || document.activeElement === document.body;
    if (!this.narrow && !touch && idle) this.element?.focus();
    void this.loadModels();
  }

  /**
   * Asks about each relay address the user did not choose (link, old saved value, config.json) that differs from
   * the one in use. Until the answer the page keeps its relay; "Use" makes the address the user's choice.
   */
  private async confirmRelays(configRelay: string): Promise<void> {
    const link = relayFromQuery(location.search);
    const candidates = relayCandidates({
      link,
      saved: this.settings.unconfirmedRelay,
      config: configRelay,
      declinedConfig: this.settings.declinedConfigRelay,
      current: this.settings.relay,
      pageOrigin: this.pageOrigin,
    });
    const dialog = this.dialog<GptChatRelayConfirm>('gpt-chat-relay-confirm');
    for (const { address, source } of candidates) {
      const use = (await dialog?.ask(address, relayAddress(this.relayBase, this.pageOrigin), source)) ?? false;
      if (source === 'saved') this.updateSettings({ unconfirmedRelay: '' });
      if (source === 'config' && !use) this.updateSettings({ declinedConfigRelay: address });
      if (use) {
        this.updateSettings({ relay: address === this.pageOrigin ? '' : address });
        break;
      }
    }
    if (new URLSearchParams(location.search).has('relay')) {
      // Answered either way: a reload or a shared copy of this address must not ask (or point) again.
      const url = new URL(location.href);
      url.searchParams.delete('relay');
      history.replaceState(history.state, '', url);
    }
  }

  /** The relay in use: the user's own choice, else the page's own origin (''). */
  private get relayBase(): string {
    return this.settings.relay;
  }

  /** The access code saved for the relay in use (never one entered for another origin). */
  private get accessCode(): string {
    return accessCodeFor(this.settings.accessCodes, this.relayBase, this.pageOrigin);
  }

  private setAccessCode(code: string): void {
    this.updateSettings({
      accessCodes: withAccessCode(this.settings.accessCodes, this.relayBase, this.pageOrigin, code),
    });
  }

  private async loadModels(): Promise<void> {
    const pending = fetchModels(endpoints(this.relayBase).models, this.accessCode);
    // The element prices replies from the same answer (one /v1/models request for both).
    this.modelList = pending.then((r) => (r.ok ? r.list : null));
    const result = await pending;
    this.models = result.ok ? result.models : [];
    this.prices = result.ok ? result.prices : new Map();
    this.modelsFailed = !result.ok;
    this.needsAccessCode = !result.ok && result.reason === 'auth';
  }

  // ---------- settings ----------

  private updateSettings(patch: Partial<Settings>): void {
    const before = this.settings;
    this.settings = { ...this.settings, ...patch };
    this.settingsUnsaved = !writeSettingsRaw(this.settings);
    if (touchesSyncedSettings(patch)) this.sync?.settingsChanged();
    if (patch.lang && patch.lang !== before.lang) this.t = translator(this.settings.lang);
    if (patch.theme || patch.lang) this.applySettings();
    if (
      this.ready &&
      !this.askingRelay &&
      ((patch.relay !== undefined && patch.relay !== before.relay) ||
        (patch.accessCodes !== undefined && patch.accessCodes !== before.accessCodes))
    ) {
      void this.loadModels();
      void this.sync?.sync(); // notices at once when sync's space is no longer the one in use
    }
  }

  private applySettings(): void {
    document.documentElement.lang = this.settings.lang;
    this.stopTheme();
    this.stopTheme = applyTheme(this.settings.theme, (resolved) => {
      this.resolvedTheme = resolved;
      document
        .querySelectorAll('meta[name=theme-color]')
        .forEach((m) => m.setAttribute('content', resolved === 'dark' ? '#212121' : '#ffffff'));
    });
  }

  // ---------- chats ----------

  private newDraft(personaId = this.current?.personaId ?? DEFAULT_PERSONA_ID): Chat {
    const persona = findPersona(this.settings.lang, this.ownPersonas, personaId);
    return createChat(persona, this.settings.defaultModel);
  }

  private refreshList(): void {
    this.chatList = sortChats([...this.repo.chats.values()]);
  }

  private get element(): GptChat | null {
    return this.renderRoot.querySelector('gpt-chat');
  }

  private isSaved(chat: Chat): boolean {
    return this.repo.chats.has(chat.id);
  }

  /** Hands the current chat's messages to the element and puts the chat in the address (#id) once saved. */
  private bindElement(): void {
    this.current = this.binding.bind(this.current);
    const hash = this.isSaved(this.current) ? `#${this.current.id}` : '';
    if (location.hash !== hash) history.replaceState(history.state, '', hash || location.pathname + location.search);
  }

  /**
   * A chat's session changed (the chat shown or one replying in the background): the chat takes its messages and
   * versions. `soon` batches the write (streaming).
   */
  private onChatChanged(
    id: string,
    messages: ChatEntry[],
    versions: Chat['versions'],
    soon: boolean,
    edits: { gone: string[]; back: string[] },
  ): void {
    const chat = this.chatById(id);
    if (!this.ready || !chat) return;
    let next = withMessages(chat, messages);
    if (!sameVersions(next.versions, versions)) {
      next = next === chat ? { ...chat } : next;
      if (versions) next.versions = versions;
      else delete next.versions;
    }
    // Messages this session dropped (or took back) are marked, so sync carries the delete to other devices.
    next = markEdits(next, edits);
    if (next === chat) return;
    if (this.current.id === id) this.current = next;
    if (next.messages.length || this.isSaved(next)) {
      const wasSaved = this.isSaved(next);
      void persistAttachments(next);
      this.repo.putChat(next, soon);
      this.refreshList();
      if (!wasSaved && this.current.id === id) history.replaceState(history.state, '', `#${next.id}`);
      if (!wasSaved) askPersistentStorage();
    }
  }

  private async openChat(chat: Chat): Promise<void> {
    this.current = chat;
    await this.updateComplete;
    this.bindElement();
    if (this.narrow) this.drawerOpen = false;
  }

  private async newChat(): Promise<void> {
    if (!this.isSaved(this.current) && !this.current.messages.length) {
      if (this.narrow) this.drawerOpen = false;
      this.element?.focus();
      return;
    }
    await this.openChat(this.newDraft());
    this.element?.focus();
  }

  private selectChat(id: string): void {
    const chat = this.repo.chats.get(id);
    if (chat && chat.id !== this.current.id) void this.openChat(chat);
    else if (this.narrow) this.drawerOpen = false;
  }

  private renameChat(id: string, title: string): void {
    const chat = this.repo.chats.get(id);
    if (!chat) return;
    const next = { ...chat, title, titleEdited: true, editedAt: Date.now() };
    this.repo.putChat(next);
    if (this.current.id === id) this.current = next;
    this.refreshList();
  }

  private async deleteChat(id: string): Promise<void> {
    const chat = this.repo.chats.get(id);
    if (!chat) return;
    // A reply still streaming into the deleted chat stops (its text so far is in the chat Undo brings back).
    this.binding.flush();
    this.binding.forget(id);
    const deleted = this.repo.chats.get(id)!;
    this.repo.deleteChat(id);
    // Its images and files go too (those another chat also names stay); Undo puts them back.
    const blobs = forgetAttachments([deleted], this.repo.chats.values());
    this.refreshList();
    if (this.current.id === id) await this.openChat(this.newDraft(deleted.personaId));
    this.showToast(this.t('chatDeleted'), {
      label: this.t('undo'),
      run: () => {
        this.repo.putChat(deleted);
        void blobs.then(restoreAttachments);
        this.refreshList();
      },
    });
  }

  /** A chat changed by another device: the list follows, and the open chat too unless a reply is streaming. */
  private onRemoteChat(id: string, chat: Chat | null): void {
    this.ownPersonas = this.repo.personas;
    this.refreshList();
    if (chat) this.binding.replace(chat);
    if (this.current.id !== id || !chat || this.binding.streaming.has(id)) return;
    this.current = chat;
    void this.updateComplete.then(() => this.bindElement());
  }

  private updateCurrent(patch: Partial<Chat>): void {
    const next = { ...this.current, ...patch, editedAt: Date.now() };
    for (const k of Object.keys(patch) as Array<keyof Chat>) if (patch[k] === undefined) delete next[k];
    this.current = next;
    if (this.isSaved(next)) {
      this.repo.putChat(next);
      this.refreshList();
    }
  }

  /** The chat sends `model` from now on, and new chats start with it (the last one used), across reloads. */
  private pickModel(model: string | undefined): void {
    this.updateCurrent({ model });
    this.updateSettings({ defaultModel: model ?? '' });
  }

  private async setTypingModel(open: boolean): Promise<void> {
    this.typingModel = open;
    await this.updateComplete;
    (this.renderRoot.querySelector('#model') as HTMLElement | null)?.focus();
  }

  private pickPersona(id: string): void {
    const persona = findPersona(this.settings.lang, this.ownPersonas, id);
    const patch: Partial<Chat> = { personaId: persona.id, prompt: persona.prompt };
    patch.temperature = persona.temperature;
    if (persona.model) patch.model = persona.model;
    this.updateCurrent(patch);
  }

  private onOptionsChange(options: ChatOptions): void {
    if (options.personaId !== undefined && options.personaId !== this.current.personaId) {
      this.pickPersona(options.personaId);
      return;
    }
    const patch: Partial<Chat> = {};
    if ('temperature' in options) patch.temperature = options.temperature;
    if ('maxTokens' in options) patch.maxTokens = options.maxTokens;
    this.updateCurrent(patch);
  }

  // ---------- personas ----------

  private savePersona(persona: Persona): void {
    this.repo.putPersona(persona);
    this.ownPersonas = this.repo.personas;
  }

  private deletePersona(id: string): void {
    const persona = this.ownPersonas.find((p) => p.id === id);
    if (!persona) return;
    this.repo.deletePersona(id);
    this.ownPersonas = this.repo.personas;
    this.showToast(this.t('personaDeleted'), {
      label: this.t('undo'),
      run: () => this.savePersona(persona),
    });
  }

  private importError(error: unknown): ImportResult {
    const message =
      error instanceof ImportError
        ? this.t(error.key, { detail: error.detail })
        : `${this.t('importFailed')}: ${String((error as Error)?.message ?? error)}`;
    return { ok: false, message };
  }

  private importPersonas = async (text: string): Promise<ImportResult> => {
    let personas: Persona[];
    try {
      personas = parsePersonaFile(text);
    } catch (error) {
      return this.importError(error);
    }
    for (const p of personas) this.repo.putPersona(p);
    this.ownPersonas = this.repo.personas;
    await this.repo.flush();
    return { ok: true, message: this.t('importedPersonas', { n: personas.length }) };
  };

  private exportPersonas(): void {
    download('gpt-chat-personas.json', JSON.stringify(personasToFile(this.ownPersonas), null, 2), 'application/json');
  }

  // ---------- import / export ----------

  private importChats = async (text: string): Promise<ImportResult> => {
    let chats: Chat[];
    let blobs: Record<string, unknown>;
    try {
      ({ chats, blobs } = parseChatsFileWithBlobs(text));
    } catch (error) {
      return this.importError(error);
    }
    this.binding.flush();
    const merged = mergeChats([...this.repo.chats.values()], chats);
    const changed = merged.filter((c) => this.repo.chats.get(c.id) !== c);
    try {
      await importBlobs(blobs, attachmentIds(changed));
      await this.repo.store.putMany('chats', changed);
    } catch (error) {
      this.saveStatus = 'full';
      return this.importError(error);
    }
    for (const c of changed) {
      this.repo.chats.set(c.id, c);
      this.sync?.changed('chat', c.id);
      // A session holding the old copy must not write it back over the imported one.
      if (c.id !== this.current.id) this.binding.forget(c.id);
    }
    this.refreshList();
    const current = this.repo.chats.get(this.current.id);
    if (current && current !== this.current) {
      this.binding.forget(current.id);
      this.current = current;
      await this.updateComplete;
      this.bindElement();
    }
    return { ok: true, message: this.t('imported', { n: chats.length }) };
  };

  private async exportAll(kind: 'json' | 'markdown'): Promise<void> {
    this.binding.flush();
    const chats = sortChats([...this.repo.chats.values()]);
    const stamp = new Date().toISOString().slice(0, 10);
    if (kind === 'json')
      download(`gpt-chat-${stamp}.json`, chatsToJson(chats, new Date(), await exportBlobs(chats)), 'application/json');
    else
      download(
        `gpt-chat-${stamp}.md`,
        chatsToMarkdown(chats, { user: this.t('you'), assistant: this.t('assistant'), system: this.t('system') }),
        'text/markdown',
      );
  }

  // ---------- toast ----------

  private showToast(text: string, action?: Toast['action']): void {
    clearTimeout(this.toastTimer);
    const id = ++this.toastSeq;
    this.toast = { id, text, action };
    this.toastTimer = setTimeout(
      () => {
        if (this.toast?.id === id) this.toast = null;
      },
      action ? UNDO_MS : 4000,
    );
  }

  // ---------- keyboard, viewport, lifecycle events ----------

  private onNarrowChange = () => {
    this.narrow = Boolean(this.mq?.matches);
    if (!this.narrow) this.drawerOpen = false;
  };

  private onPageHide = (e: Event) => {
    if (e.type === 'visibilitychange' && document.visibilityState === 'visible') return;
    this.binding.flush();
    void this.repo?.flush();
  };

  private onHashChange = () => {
    const chat = this.repo?.chats.get(location.hash.slice(1));
    if (chat && chat.id !== this.current.id) void this.openChat(chat);
  };

  private anyDialogOpen(): boolean {
    return [...this.renderRoot.querySelectorAll<HTMLElement & { isOpen?: boolean }>('.dialogs > *')].some(
      (d) => d.isOpen,
    );
  }

  private onKeydown = (e: KeyboardEvent) => {
    if (!this.ready) return;
    const action = shortcutFor(e);
    if (!action) return;
    if (this.anyDialogOpen() && action !== 'shortcuts') return;
    switch (action) {
      case 'newChat':
        e.preventDefault();
        void this.newChat();
        break;
      case 'focusInput':
        e.preventDefault();
        if (this.narrow) this.drawerOpen = false;
        this.element?.focus();
        break;
      case 'stop':
        // The element stops on Escape itself when focus is inside it; this covers focus anywhere else.
        if (this.narrow && this.drawerOpen) {
          this.drawerOpen = false;
          break;
        }
        if (e.composedPath().includes(this.element as EventTarget)) break;
        this.element?.stop();
        break;
      case 'copyLast':
        e.preventDefault();
        void this.copyLastReply();
        break;
      case 'toggleSidebar':
        e.preventDefault();
        this.toggleSidebar();
        break;
      case 'shortcuts':
        e.preventDefault();
        this.dialog<GptChatShortcuts>('gpt-chat-shortcuts')?.show();
        break;
    }
  };

  private async copyLastReply(): Promise<void> {
    const last = this.element?.messages.findLast((m) => m.role === 'assistant' && m.content);
    if (!last) return this.showToast(this.t('nothingToCopy'));
    this.showToast(this.t((await copyText(messageText(last))) ? 'copiedLast' : 'copyFailed'));
  }

  private toggleSidebar(): void {
    if (this.narrow) this.drawerOpen = !this.drawerOpen;
    else this.collapsed = !this.collapsed;
  }

  /** On a phone the drawer closes first, so the dialog is not stacked on top of it. */
  private openFromSidebar(dialog: { show(): Promise<void> } | null): void {
    if (this.narrow) this.drawerOpen = false;
    void dialog?.show();
  }

  private dialog<T extends HTMLElement>(tag: string): T | null {
    return this.renderRoot.querySelector(tag) as T | null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.ready) document.title = this.current.title ? `${this.current.title} · gpt-chat` : 'gpt-chat';
    if (!changed.has('drawerOpen') || !this.narrow) return;
    if (this.drawerOpen) this.renderRoot.querySelector<GptChatSidebar>('gpt-chat-sidebar')?.focusFirst();
    // Closing the drawer must not leave focus on a now-inert node: hand it back to the button that opened it,
    // unless something else (a dialog, the input) already took it.
    else if (changed.get('drawerOpen') === true) {
      const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
      if (!active || active.closest('.side')) this.renderRoot.querySelector<HTMLElement>('.bar button')?.focus();
    }
  }

  // ---------- element events ----------

  /**
   * After a chat's first reply: asks its model for a short title (once per chat, when the setting is on and the
   * user has not renamed it). On any failure the first-words title stays.
   */
  private async nameChat(id: string): Promise<void> {
    const chat = this.chatById(id);
    const source = chat && this.settings.modelTitles ? titleSource(chat) : null;
    if (!chat || !source) return;
    // Marked before asking, so a regenerated first reply or a reload does not ask again.
    this.updateChat(id, { titleAsked: true });
    const answer = await fetchTitle(endpoints(this.relayBase).chat, this.accessCode, titleRequest(chat.model, source));
    const title = cleanTitle(answer);
    const now = this.chatById(id);
    // Renamed (or deleted) while the model was thinking: the user's title wins.
    if (!title || !now || now.titleEdited) return;
    this.updateChat(id, { title });
  }

  /** The latest version of a chat: the one on screen is ahead of the store while it streams. */
  private chatById(id: string): Chat | undefined {
    return this.current.id === id ? this.current : this.repo.chats.get(id);
  }

  private updateChat(id: string, patch: Partial<Chat>): void {
    const chat = this.chatById(id);
    if (!chat) return;
    const next = { ...chat, ...patch };
    if (this.current.id === id) this.current = next;
    if (this.repo.chats.has(id)) {
      this.repo.putChat(next);
      this.refreshList();
    }
  }

  private onElementError = (e: Event) => {
    const detail = (e as CustomEvent<{ kind: string }>).detail;
    // A wrong saved code: the element asks for one, but the page's code would win again — point to Settings.
    if (detail?.kind === 'auth' && this.accessCode) this.needsAccessCode = true;
  };

  private async openSync(): Promise<void> {
    await this.dialog<GptChatSettings>('gpt-chat-settings')?.show();
    this.dialog<GptChatSyncSection>('gpt-chat-sync-section')?.focusPassphrase();
  }

  private async openAccessCode(): Promise<void> {
    const dialog = this.dialog<GptChatSettings>('gpt-chat-settings');
    await dialog?.show();
    dialog?.focusAccessCode();
  }

  // ---------- rendering ----------

  override render() {
    if (!this.ready) return html`<div class="boot" role="status">${this.t('appName')}…</div>`;
    const t = this.t;
    const chat = this.current;
    const personas = allPersonas(this.settings.lang, this.ownPersonas);
    // A chat keeps its prompt even when its persona was deleted since: show it as such rather than as another.
    const persona = personas.find((p) => p.id === chat.personaId) ?? {
      id: chat.personaId,
      emoji: '🗂️',
      name: t('personaGone'),
      prompt: chat.prompt,
    };
    const pickable = personas.some((p) => p.id === persona.id) ? personas : [persona, ...personas];
    const empty = chat.messages.length === 0;
    const drawer = this.narrow;
    const sidebarHidden = drawer ? !this.drawerOpen : this.collapsed;
    const ep = endpoints(this.relayBase);
    const usage = this.usageTotals(chat);
    return html`
      <div class="shell ${drawer ? 'narrow' : 'wide'} ${this.drawerOpen ? 'drawer-open' : ''} ${this.collapsed ? 'collapsed' : ''}">
        <aside class="side" aria-label=${t('chatList')} ?inert=${sidebarHidden} aria-hidden=${sidebarHidden ? 'true' : 'false'}>
          <gpt-chat-sidebar
            .chats=${this.chatList}
            .activeId=${chat.id}
            .streaming=${this.streamingIds}
            .t=${t}
            @chat-new=${() => void this.newChat()}
            @chat-select=${(e: CustomEvent<{ id: string }>) => this.selectChat(e.detail.id)}
            @chat-rename=${(e: CustomEvent<{ id: string; title: string }>) => this.renameChat(e.detail.id, e.detail.title)}
            @chat-delete=${(e: CustomEvent<{ id: string }>) => void this.deleteChat(e.detail.id)}
            @close-sidebar=${() => this.toggleSidebar()}
            @open-settings=${() => this.openFromSidebar(this.dialog<GptChatSettings>('gpt-chat-settings'))}
            @open-personas=${() => this.openFromSidebar(this.dialog<GptChatPersonas>('gpt-chat-personas'))}
            @open-shortcuts=${() => this.openFromSidebar(this.dialog<GptChatShortcuts>('gpt-chat-shortcuts'))}
          ></gpt-chat-sidebar>
        </aside>
        ${
          drawer && this.drawerOpen
            ? html`<div class="scrim" @click=${() => (this.drawerOpen = false)}></div>`
            : nothing
        }
        <main class="main" ?inert=${drawer && this.drawerOpen}>
          ${renderTopBar({
            t,
            chat,
            persona,
            models: this.models,
            modelsFailed: this.modelsFailed,
            sidebarHidden,
            drawer,
            onToggleSidebar: () => this.toggleSidebar(),
            typingModel: this.typingModel,
            onModel: (model) => this.pickModel(model),
            onTypingModel: (open) => void this.setTypingModel(open),
            onOptions: () => void this.dialog<GptChatOptions>('gpt-chat-options')?.show(),
            onNewChat: () => void this.newChat(),
            ...usage,
          })}
          ${this.renderWarnings()}
          <gpt-chat-pwa-banners .language=${this.settings.lang}></gpt-chat-pwa-banners>
          <div class="stage ${empty ? 'empty' : ''}">
            ${
              empty
                ? html`<gpt-chat-persona-picker
                  .personas=${personas}
                  .selectedId=${chat.personaId}
                  .t=${t}
                  .syncTip=${!this.syncStatus?.on && this.repo.chats.size === 0}
                  @open-sync=${() => void this.openSync()}
                  @persona-pick=${(e: CustomEvent<{ id: string; moved?: boolean }>) => {
                    this.pickPersona(e.detail.id);
                    // A click is done choosing; arrow keys are still moving through the group.
                    if (!e.detail.moved) this.element?.focus();
                  }}
                  @persona-new=${() => void this.dialog<GptChatPersonas>('gpt-chat-personas')?.showNew()}
                ></gpt-chat-persona-picker>`
                : nothing
            }
            <gpt-chat
              no-header
              storage="none"
              attachments="image file"
              mode="inline"
              send-key=${this.settings.sendKey}
              .endpoint=${ep.chat}
              .persona=${chat.prompt}
              .model=${chat.model}
              .temperature=${chat.temperature}
              .maxTokens=${chat.maxTokens}
              .accessToken=${this.accessCode || undefined}
              theme=${this.resolvedTheme}
              lang=${this.settings.lang}
              ?show-usage=${this.settings.showUsage}
              .modelList=${this.modelList}
              @gpt-chat-error=${this.onElementError}
            ></gpt-chat>
          </div>
        </main>
        <div class="toast-region" role="status" aria-live="polite">
          ${
            this.toast
              ? html`<div class="toast">
                <span>${this.toast.text}</span>
                ${
                  this.toast.action
                    ? html`<button class="toast-action" @click=${() => {
                        this.toast?.action?.run();
                        this.toast = null;
                      }}>${this.toast.action.label}</button>`
                    : nothing
                }
                <button class="icon-btn toast-close" aria-label=${t('dismiss')} @click=${() => (this.toast = null)}>${icons.close}</button>
              </div>`
              : nothing
          }
        </div>
        <div class="dialogs">
          <gpt-chat-settings
            .settings=${this.settings}
            .accessCode=${this.accessCode}
            .relayOrigin=${new URL(relayAddress(this.relayBase, this.pageOrigin)).origin}
            .storeKind=${this.repo.store.kind}
            .t=${t}
            .importChats=${this.importChats}
            .usage=${{ chat: usage.usageChat, today: usage.usageToday }}
            @settings-change=${(e: CustomEvent<Partial<Settings>>) => this.updateSettings(e.detail)}
            @access-code-change=${(e: CustomEvent<string>) => this.setAccessCode(e.detail)}
            @export-json=${() => this.exportAll('json')}
            @export-markdown=${() => this.exportAll('markdown')}
          >
            <gpt-chat-sync-section slot="sync" .engine=${this.sync} .status=${this.syncStatus}
              .language=${this.settings.lang}></gpt-chat-sync-section>
            <gpt-chat-storage-section slot="storage" .language=${this.settings.lang}></gpt-chat-storage-section>
          </gpt-chat-settings>
          <gpt-chat-personas
            .personas=${this.ownPersonas}
            .models=${this.models}
            .t=${t}
            .importPersonas=${this.importPersonas}
            @persona-save=${(e: CustomEvent<{ persona: Persona }>) => this.savePersona(e.detail.persona)}
            @persona-delete=${(e: CustomEvent<{ id: string }>) => this.deletePersona(e.detail.id)}
            @export-personas=${() => this.exportPersonas()}
          ></gpt-chat-personas>
          <gpt-chat-options
            .options=${{ personaId: chat.personaId, temperature: chat.temperature, maxTokens: chat.maxTokens }}
            .personas=${pickable}
            .t=${t}
            @options-change=${(e: CustomEvent<ChatOptions>) => this.onOptionsChange(e.detail)}
          ></gpt-chat-options>
          <gpt-chat-shortcuts .t=${t}></gpt-chat-shortcuts>
          <gpt-chat-relay-confirm .t=${t}></gpt-chat-relay-confirm>
        </div>
      </div>
    `;
  }

  /** The chat's and today's tokens and cost, worded ('' when the setting is off or nothing was reported). */
  private usageTotals(chat: Chat): { usageChat: string; usageToday: string } {
    if (!this.settings.showUsage) return { usageChat: '', usageToday: '' };
    const priceOf = pricesLookup(this.prices);
    const lang = this.settings.lang;
    return {
      usageChat: formatTotal(chatTotal(chat, priceOf), lang, this.t),
      usageToday: formatTotal(todayTotal(this.chatList, priceOf), lang, this.t),
    };
  }

  private renderWarnings() {
    return renderNotices({
      t: this.t,
      saveStatus: this.saveStatus,
      storeKind: this.repo.store.kind,
      needsAccessCode: this.needsAccessCode,
      hasAccessCode: Boolean(this.accessCode),
      settingsUnsaved: this.settingsUnsaved,
      onRetrySave: () => void this.repo.flush(),
      onExport: () => this.exportAll('json'),
      onOpenAccessCode: () => void this.openAccessCode(),
    });
  }

  static override styles = appStyles;
}

customElements.define('gpt-chat-app', GptChatApp);
