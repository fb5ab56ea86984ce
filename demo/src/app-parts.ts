// Stateless pieces of the page shell, rendered by <gpt-chat-app>: the top bar (sidebar toggle, model picker,
// chat title, persona / chat options, new chat) and the warning banners.
import { html, nothing } from 'lit';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';
import { renderModelPicker } from './model-picker.js';
import type { SaveStatus } from './repo.js';
import type { StoreKind } from './store.js';
import type { Chat, Persona } from './types.js';

export interface TopBarProps {
  t: Translate;
  chat: Chat;
  persona: Persona;
  models: string[];
  modelsFailed: boolean;
  sidebarHidden: boolean;
  /** Narrow screens: the sidebar is a drawer (menu icon), else it collapses (sidebar icon). */
  drawer: boolean;
  onToggleSidebar(): void;
  /** The model picker is a text field for an unlisted id. */
  typingModel: boolean;
  onModel(model: string | undefined): void;
  onTypingModel(open: boolean): void;
  onOptions(): void;
  onNewChat(): void;
  /** Token and cost totals (worded), or '' when hidden or none: the chat's shown, today's in its tooltip. */
  usageChat: string;
  usageToday: string;
}

export function renderTopBar(p: TopBarProps) {
  const { t, chat, persona } = p;
  const empty = chat.messages.length === 0;
  return html`<header class="bar">
    ${
      p.sidebarHidden
        ? html`<button class="icon-btn" aria-label=${t('openSidebar')} title=${t('openSidebar')} aria-expanded="false"
          @click=${p.onToggleSidebar}>${p.drawer ? icons.menu : icons.sidebar}</button>`
        : nothing
    }
    ${renderModelPicker({
      t,
      models: p.models,
      modelsFailed: p.modelsFailed,
      model: chat.model,
      typing: p.typingModel,
      onModel: p.onModel,
      onTyping: p.onTypingModel,
    })}
    <span class="chat-title" aria-hidden=${empty ? 'true' : 'false'}>${empty ? '' : chat.title}</span>
    ${
      p.usageChat
        ? html`<span class="usage-total" title=${t('usageToday', { total: p.usageToday })}>
          ${t('usageChat', { total: p.usageChat })}</span>`
        : nothing
    }
    <button class="persona-chip" title=${t('chatOptions')} aria-label="${t('chatOptions')}: ${persona.name}" @click=${p.onOptions}>
      <span aria-hidden="true">${persona.emoji}</span>
      <span class="persona-name">${persona.name}</span>
      ${icons.sliders}
    </button>
    ${
      p.sidebarHidden
        ? html`<button class="icon-btn" aria-label=${t('newChat')} title=${t('newChat')} @click=${p.onNewChat}>${icons.newChat}</button>`
        : nothing
    }
  </header>`;
}

export interface NoticeProps {
  t: Translate;
  saveStatus: SaveStatus;
  storeKind: StoreKind;
  needsAccessCode: boolean;
  hasAccessCode: boolean;
  settingsUnsaved: boolean;
  onRetrySave(): void;
  onExport(): void;
  onOpenAccessCode(): void;
}

/** Banners that must not be missed (role=alert): unsaved data, a relay that wants an access code. */
export function renderNotices(p: NoticeProps) {
  const { t } = p;
  const notes = [];
  if (p.saveStatus !== 'ok')
    notes.push(html`<div class="warning" role="alert" data-warning="storage">
      ${icons.warning}<span>${t('storageFull')}</span>
      <button class="btn small" @click=${p.onRetrySave}>${t('storageRetry')}</button>
      <button class="btn small" @click=${p.onExport}>${t('exportJson')}</button>
    </div>`);
  else if (p.storeKind === 'memory')
    notes.push(
      html`<div class="warning" role="alert" data-warning="memory">${icons.warning}<span>${t('storageMemory')}</span></div>`,
    );
  if (p.needsAccessCode)
    notes.push(html`<div class="warning" role="alert" data-warning="access-code">
      ${icons.warning}<span>${p.hasAccessCode ? t('accessCodeWrong') : t('accessCodeNeeded')}</span>
      <button class="btn small" @click=${p.onOpenAccessCode}>${t('settings')}</button>
    </div>`);
  if (p.settingsUnsaved)
    notes.push(
      html`<div class="warning" role="alert" data-warning="settings">${icons.warning}<span>${t('settingsUnsaved')}</span></div>`,
    );
  return notes;
}
