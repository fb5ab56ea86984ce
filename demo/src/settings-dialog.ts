// <gpt-chat-settings>: access code, relay address, theme, language, send key, and the data section
// (export chats as JSON / Markdown, import JSON). Changes apply as they are made.
import { css, html, nothing } from 'lit';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';
import { Modal, readPickedFile, type ImportResult } from './modal.js';
import { isValidRelay, normalizeRelay } from './settings.js';
import type { StoreKind } from './store.js';
import { settingsGroup, shared } from './styles.js';
import type { Settings } from './types.js';

export class GptChatSettings extends Modal {
  static override properties = {
    settings: { attribute: false },
    /** The code saved for the relay in use, and that relay's origin (the only one it is sent to). */
    accessCode: { attribute: false },
    relayOrigin: { attribute: false },
    storeKind: { attribute: false },
    t: { attribute: false },
    /** Called with the picked file's text; says what happened (nothing changes when !ok). */
    importChats: { attribute: false },
    /** Token and cost totals, already worded: the chat in view and today. */
    usage: { attribute: false },
    relayError: { state: true },
    importMessage: { state: true },
    importFailed: { state: true },
    showCode: { state: true },
  };

  settings!: Settings;
  accessCode = '';
  relayOrigin = '';
  storeKind: StoreKind = 'indexeddb';
  t!: Translate;
  importChats: (text: string) => Promise<ImportResult> = async () => ({ ok: true, message: '' });
  usage: { chat: string; today: string } = { chat: '', today: '' };
  relayError = false;
  importMessage = '';
  importFailed = false;
  showCode = false;

  focusAccessCode() {
    this.renderRoot.querySelector<HTMLInputElement>('#access-code')?.focus();
  }

  protected override opened() {
    this.relayError = false;
    this.importMessage = '';
    this.importFailed = false;
    void this.querySelector<HTMLElement & { refresh(): Promise<void> }>('gpt-chat-storage-section')?.refresh();
  }

  private change(patch: Partial<Settings>) {
    this.dispatchEvent(new CustomEvent('settings-change', { detail: patch, bubbles: true, composed: true }));
  }

  private onAccessCode(e: Event) {
    const code = (e.target as HTMLInputElement).value.trim();
    this.dispatchEvent(new CustomEvent('access-code-change', { detail: code, bubbles: true, composed: true }));
  }

  private onRelay(e: Event) {
    const value = (e.target as HTMLInputElement).value;
    this.relayError = !isValidRelay(value);
    if (!this.relayError) this.change({ relay: normalizeRelay(value) });
  }

  private async onImport(e: Event) {
    const text = await readPickedFile(e);
    if (text === null) return;
    const result = await this.importChats(text);
    this.importFailed = !result.ok;
    this.importMessage = result.message;
  }

  private radio<K extends keyof Settings>(key: K, value: Settings[K], label: string) {
    return html`<label class="choice">
      <input type="radio" name=${key} .checked=${this.settings[key] === value}
        @change=${() => this.change({ [key]: value } as Partial<Settings>)} />
      <span>${label}</span>
    </label>`;
  }

  override render() {
    const t = this.t;
    const s = this.settings;
    if (!t || !s) return nothing;
    const storeLabel = {
      indexeddb: t('storageIndexeddb'),
      localstorage: t('storageLocalstorage'),
      memory: t('storageMemory'),
    }[this.storeKind];
    return html`<dialog aria-labelledby="settings-title" @click=${this.onDialogClick} @close=${this.onDialogClose}>
      <div class="dialog-head">
        <h2 id="settings-title">${t('settings')}</h2>
        <button class="icon-btn" aria-label=${t('close')} @click=${() => this.close()}>${icons.close}</button>
      </div>
      <div class="dialog-body">
        <div class="field">
          <label for="access-code">${t('accessCode')}</label>
          <div class="row">
            <input id="access-code" type=${this.showCode ? 'text' : 'password'} autocomplete="off" spellcheck="false"
              aria-describedby="access-code-hint" .value=${this.accessCode}
              @change=${this.onAccessCode} />
            <label class="check">
              <input type="checkbox" .checked=${this.showCode}
                @change=${(e: Event) => (this.showCode = (e.target as HTMLInputElement).checked)} />
              <span>${t('showAccessCode')}</span>
            </label>
          </div>
          <span class="hint" id="access-code-hint">
            ${t('accessCodeHint')} ${t('accessCodeFor', { origin: this.relayOrigin })}
          </span>
        </div>
        <div class="field">
          <label for="relay">${t('relay')}</label>
          <input id="relay" type="url" inputmode="url" autocomplete="off" spellcheck="false" placeholder="https://"
            aria-describedby="relay-hint" aria-invalid=${this.relayError ? 'true' : 'false'} .value=${s.relay}
            @change=${this.onRelay} />
          ${
            this.relayError
              ? html`<span class="error" id="relay-hint" role="alert">${t('relayInvalid')}</span>`
              : html`<span class="hint" id="relay-hint">${t('relayHint')}</span>`
          }
        </div>
        <fieldset>
          <legend>${t('theme')}</legend>
          <div class="segmented">
            ${this.radio('theme', 'light', t('themeLight'))} ${this.radio('theme', 'dark', t('themeDark'))}
            ${this.radio('theme', 'auto', t('themeAuto'))}
          </div>
        </fieldset>
        <div class="field">
          <label for="lang">${t('language')}</label>
          <select id="lang" @change=${(e: Event) => this.change({ lang: (e.target as HTMLSelectElement).value as Settings['lang'] })}>
            <option value="zh-CN" ?selected=${s.lang === 'zh-CN'} lang="zh-CN">简体中文</option>
            <option value="en" ?selected=${s.lang === 'en'} lang="en">English</option>
          </select>
        </div>
        <fieldset>
          <legend>${t('sendKey')}</legend>
          <div class="stack">
            ${this.radio('sendKey', 'enter', t('sendEnter'))} ${this.radio('sendKey', 'ctrl-enter', t('sendCtrlEnter'))}
          </div>
        </fieldset>
        <div class="field">
          <label class="check">
            <input id="model-titles" type="checkbox" .checked=${s.modelTitles} aria-describedby="model-titles-hint"
              @change=${(e: Event) => this.change({ modelTitles: (e.target as HTMLInputElement).checked })} />
            <span>${t('modelTitles')}</span>
          </label>
          <span class="hint" id="model-titles-hint">${t('modelTitlesHint')}</span>
        </div>
        <div class="field">
          <label class="check">
            <input id="show-usage" type="checkbox" .checked=${s.showUsage} aria-describedby="show-usage-hint"
              @change=${(e: Event) => this.change({ showUsage: (e.target as HTMLInputElement).checked })} />
            <span>${t('showUsage')}</span>
          </label>
          <span class="hint" id="show-usage-hint">${t('showUsageHint')}</span>
          ${
            s.showUsage
              ? html`<span class="hint" data-usage="chat">${t('usageChat', { total: this.usage.chat || t('usageNone') })}</span>
                <span class="hint" data-usage="today">${t('usageToday', { total: this.usage.today || t('usageNone') })}</span>`
              : nothing
          }
        </div>
        <slot name="sync"></slot>
        <fieldset>
          <legend>${t('data')}</legend>
          <div class="actions">
            <button class="btn" @click=${() => this.dispatchEvent(new CustomEvent('export-json', { bubbles: true, composed: true }))}>
              ${icons.download}<span>${t('exportJson')}</span>
            </button>
            <button class="btn" @click=${() => this.dispatchEvent(new CustomEvent('export-markdown', { bubbles: true, composed: true }))}>
              ${icons.download}<span>${t('exportMarkdown')}</span>
            </button>
            <label class="btn file">
              ${icons.upload}<span>${t('importJson')}</span>
              <input class="sr-only" type="file" accept="application/json,.json" data-import="chats" @change=${this.onImport} />
            </label>
          </div>
          ${
            this.importMessage
              ? html`<p class=${this.importFailed ? 'error' : 'hint'} role=${this.importFailed ? 'alert' : 'status'} data-import-result>
                ${this.importMessage}
              </p>`
              : nothing
          }
          <p class="hint">${t('storageKind', { kind: storeLabel })}</p>
          <slot name="storage"></slot>
        </fieldset>
      </div>
    </dialog>`;
  }

  static override styles = [
    shared,
    settingsGroup,
    css`
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
      }
      .row input[type='password'],
      .row input[type='text'] {
        flex: 1 1 220px;
        width: auto;
      }
      .check,
      .choice {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        font-weight: 400;
        cursor: pointer;
      }
      .check input,
      .choice input {
        width: 18px;
        height: 18px;
        margin: 0;
        accent-color: var(--primary-bg);
      }
      .segmented {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .segmented .choice {
        padding: 8px 14px;
        border: 1px solid var(--border-strong);
        border-radius: 999px;
      }
      .segmented .choice:has(input:checked) {
        border-color: var(--fg);
        background: var(--hover);
      }
      .stack {
        display: grid;
        gap: 10px;
      }
    `,
  ];
}

customElements.define('gpt-chat-settings', GptChatSettings);
