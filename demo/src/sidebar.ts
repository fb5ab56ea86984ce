// <gpt-chat-sidebar>: the chat list — new chat, search, chats grouped by day (newest first), inline rename,
// delete (the app offers undo). Emits events; owns no data.
import { LitElement, css, html, type PropertyValues } from 'lit';
import { activityAt, dateGroup, searchChats, type DateGroup } from './chats.js';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';
import { shared } from './styles.js';
import type { Chat } from './types.js';

const GROUPS: DateGroup[] = ['today', 'yesterday', 'week', 'older'];

export class GptChatSidebar extends LitElement {
  static override properties = {
    chats: { attribute: false },
    activeId: { attribute: false },
    streaming: { attribute: false },
    t: { attribute: false },
    query: { state: true },
    editingId: { state: true },
  };

  chats: Chat[] = [];
  activeId = '';
  /** The chats whose reply is streaming: marked "Replying…" in the list. */
  streaming: ReadonlySet<string> = new Set();
  t!: Translate;
  query = '';
  editingId = '';
  /** A chat whose Delete was pressed: once the list no longer holds it, focus goes to the chat that took its place. */
  private deleting: { id: string; index: number } | null = null;

  private emit(type: string, detail: unknown = null) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** Focus for the opened phone drawer: the New chat button, as Search would raise the on-screen keyboard. */
  focusFirst() {
    this.renderRoot.querySelector<HTMLElement>('button.new')?.focus();
  }

  private delete(id: string) {
    const index = [...this.renderRoot.querySelectorAll<HTMLElement>('li.item')].findIndex((li) => li.dataset.id === id);
    this.deleting = { id, index };
    this.emit('chat-delete', { id });
  }

  protected override updated(changed: PropertyValues<this>) {
    if (!changed.has('chats') || !this.deleting || this.chats.some((c) => c.id === this.deleting!.id)) return;
    // Without this, focus falls to the page body, or stays on a reused Delete button that now deletes another chat.
    const { index } = this.deleting;
    this.deleting = null;
    const items = this.renderRoot.querySelectorAll<HTMLElement>('li.item .open');
    const next = items[Math.min(index, items.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('button.new');
    next?.focus();
  }

  private startRename(id: string) {
    this.editingId = id;
    void this.updateComplete.then(() => {
      const input = this.renderRoot.querySelector<HTMLInputElement>('input.rename');
      input?.focus();
      input?.select();
    });
  }

  private finishRename(id: string, input: HTMLInputElement, save: boolean) {
    if (this.editingId !== id) return;
    this.editingId = '';
    const title = input.value.replace(/\s+/g, ' ').trim();
    if (save && title) this.emit('chat-rename', { id, title });
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"] .open`)?.focus(),
    );
  }

  private renderItem(chat: Chat) {
    const t = this.t;
    const title = chat.title || t('untitled');
    const active = chat.id === this.activeId;
    if (this.editingId === chat.id)
      return html`<li class="item editing" data-id=${chat.id}>
        <input
          class="rename"
          type="text"
          aria-label=${t('renameChat')}
          .value=${title}
          maxlength="120"
          @keydown=${(e: KeyboardEvent) => {
            if (e.isComposing) return;
            if (e.key === 'Enter') {
              // Focus moves to the chat's button before the key's default action: that would open the chat.
              e.preventDefault();
              this.finishRename(chat.id, e.target as HTMLInputElement, true);
            }
            if (e.key === 'Escape') {
              e.stopPropagation();
              this.finishRename(chat.id, e.target as HTMLInputElement, false);
            }
          }}
          @blur=${(e: FocusEvent) => this.finishRename(chat.id, e.target as HTMLInputElement, true)}
        />
      </li>`;
    return html`<li class="item ${active ? 'active' : ''}" data-id=${chat.id}>
      <button
        class="open"
        aria-current=${active ? 'page' : 'false'}
        @click=${() => this.emit('chat-select', { id: chat.id })}
        @dblclick=${() => this.startRename(chat.id)}
      >
        <span class="title">${title}</span>
        ${
          this.streaming.has(chat.id)
            ? html`<span class="replying" part="replying" title=${t('replying')}
                ><span class="dot" aria-hidden="true"></span><span class="label">${t('replying')}</span></span
              >`
            : ''
        }
      </button>
      <span class="actions">
        <button class="icon-btn small" aria-label="${t('rename')}: ${title}" title=${t('rename')}
          @click=${() => this.startRename(chat.id)}>${icons.edit}</button>
        <button class="icon-btn small" aria-label="${t('delete')}: ${title}" title=${t('delete')}
          @click=${() => this.delete(chat.id)}>${icons.trash}</button>
      </span>
    </li>`;
  }

  override render() {
    const t = this.t;
    const shown = searchChats(this.chats, this.query);
    const groups = GROUPS.map((g) => ({ g, chats: shown.filter((c) => dateGroup(activityAt(c)) === g) })).filter(
      (x) => x.chats.length,
    );
    return html`
      <div class="top">
        <span class="brand" aria-hidden="true">${t('appName')}</span>
        <button class="icon-btn close" aria-label=${t('closeSidebar')} title=${t('closeSidebar')}
          @click=${() => this.emit('close-sidebar')}>${icons.sidebar}</button>
      </div>
      <button class="new" @click=${() => this.emit('chat-new')}>${icons.newChat}<span>${t('newChat')}</span></button>
      <div class="search">
        ${icons.search}
        <input
          type="search"
          aria-label=${t('searchChats')}
          placeholder=${t('searchChats')}
          .value=${this.query}
          @input=${(e: InputEvent) => (this.query = (e.target as HTMLInputElement).value)}
        />
      </div>
      <nav class="list" aria-label=${t('chatList')}>
        ${
          groups.length
            ? groups.map(
                ({ g, chats }) => html`<section>
                <h2>${t(g)}</h2>
                <ul>${chats.map((c) => this.renderItem(c))}</ul>
              </section>`,
              )
            : html`<p class="empty">${this.query ? t('noMatches') : t('noChats')}</p>`
        }
      </nav>
      <div class="foot">
        <button class="row" @click=${() => this.emit('open-personas')}>${icons.people}<span>${t('personas')}</span></button>
        <button class="row" @click=${() => this.emit('open-settings')}>${icons.settings}<span>${t('settings')}</span></button>
        <button class="row" @click=${() => this.emit('open-shortcuts')}>${icons.keyboard}<span>${t('shortcuts')}</span></button>
      </div>
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        min-height: 0;
        background: var(--bg-sidebar);
        color: var(--fg);
        padding: calc(8px + env(safe-area-inset-top)) 8px calc(8px + env(safe-area-inset-bottom))
          calc(8px + env(safe-area-inset-left));
      }
      .top {
        display: flex;
        align-items: center;
        justify-content: space-between;
        padding: 0 0 4px 10px;
      }
      .brand {
        font-weight: 700;
        font-size: 16px;
        letter-spacing: -0.01em;
      }
      .new,
      .row {
        display: flex;
        align-items: center;
        gap: 10px;
        width: 100%;
        min-height: 40px;
        padding: 0 10px;
        border: 0;
        border-radius: 10px;
        background: transparent;
        cursor: pointer;
        font-size: 14px;
        text-align: start;
      }
      .new {
        font-weight: 600;
        margin-bottom: 6px;
      }
      .new:hover,
      .row:hover {
        background: var(--hover);
      }
      .search {
        position: relative;
        margin: 0 0 8px;
      }
      .search svg {
        position: absolute;
        left: 10px;
        top: 50%;
        transform: translateY(-50%);
        color: var(--fg-muted);
        pointer-events: none;
      }
      .search input {
        min-height: 38px;
        padding-left: 36px;
        border-color: var(--border);
        background: var(--bg);
      }
      .list {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        overscroll-behavior: contain;
        margin: 0 -4px;
        padding: 0 4px;
      }
      h2 {
        margin: 14px 10px 4px;
        font-size: 12px;
        font-weight: 600;
        color: var(--fg-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .item {
        position: relative;
        display: flex;
        align-items: center;
        border-radius: 10px;
      }
      .item:hover,
      .item:focus-within {
        background: var(--hover);
      }
      .item.active {
        background: var(--active);
      }
      .open {
        flex: 1;
        min-width: 0;
        min-height: 38px;
        padding: 0 10px;
        border: 0;
        border-radius: 10px;
        background: transparent;
        text-align: start;
        cursor: pointer;
        font-size: 14px;
      }
      .open {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .replying {
        flex: none;
        display: inline-flex;
        align-items: center;
        gap: 5px;
        font-size: 12px;
        color: var(--accent, #10a37f);
      }
      .replying .dot {
        width: 7px;
        height: 7px;
        border-radius: 50%;
        background: currentColor;
        animation: replying 1.2s ease-in-out infinite;
      }
      @keyframes replying {
        50% {
          opacity: 0.3;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .replying .dot {
          animation: none;
        }
      }
      .title {
        flex: 1;
        min-width: 0;
        display: block;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      .actions {
        display: none;
        flex: none;
        padding-right: 2px;
      }
      .item:hover .actions,
      .item:focus-within .actions,
      .item.active .actions {
        display: flex;
      }
      @media (hover: none) {
        .actions {
          display: flex;
        }
      }
      /* Where the row shows its buttons, "Replying…" keeps only its dot (still read out), so the title keeps its room:
         hidden but read out by default (touch screens show every row's buttons), shown on a row without them. */
      .replying .label {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      @media (hover: hover) {
        .item:not(:hover, :focus-within, .active) .replying .label {
          position: static;
          width: auto;
          height: auto;
          overflow: visible;
          clip: auto;
        }
      }
      .icon-btn.small {
        width: 32px;
        height: 32px;
        border-radius: 8px;
      }
      .icon-btn.small svg {
        width: 17px;
        height: 17px;
      }
      .rename {
        min-height: 38px;
        font-size: 16px;
      }
      .empty {
        margin: 16px 10px;
        color: var(--fg-muted);
        font-size: 14px;
      }
      .foot {
        border-top: 1px solid var(--border);
        padding-top: 6px;
        margin-top: 6px;
      }
    `,
  ];
}

customElements.define('gpt-chat-sidebar', GptChatSidebar);

declare global {
  interface HTMLElementTagNameMap {
    'gpt-chat-sidebar': GptChatSidebar;
  }
}
