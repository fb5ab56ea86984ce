// <gpt-chat-sync-section>: the sync part of Settings (slotted into <gpt-chat-settings>): turn on with a
// passphrase, last sync time, errors in words, sync now, turn off, delete the relay's copy.
import { css, html, LitElement, nothing } from 'lit';
import { settingsGroup, shared } from '../styles.js';
import type { Lang } from '../types.js';
import { SyncFailure } from './client.js';
import type { SyncEngine, SyncStatus } from './engine.js';
import { formatBytes, syncTranslator } from './i18n.js';

export class GptChatSyncSection extends LitElement {
  static override properties = {
    engine: { attribute: false },
    status: { attribute: false },
    language: { attribute: false },
    working: { state: true },
    failure: { state: true },
    notice: { state: true },
  };

  engine: SyncEngine | null = null;
  status: SyncStatus | null = null;
  language: Lang = 'en';
  working = false;
  /** An error from the last button press (the engine's own errors come in `status`). */
  failure: SyncFailure['kind'] | null = null;
  notice = '';

  private async act(task: () => Promise<void>, notice = ''): Promise<void> {
    this.working = true;
    this.failure = null;
    this.notice = '';
    try {
      await task();
      this.notice = notice;
    } catch (error) {
      this.failure = error instanceof SyncFailure ? error.kind : 'server';
    } finally {
      this.working = false;
    }
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#sync-passphrase')!;
    const passphrase = input.value;
    if (!passphrase || !this.engine) return;
    void this.act(async () => {
      await this.engine!.turnOn(passphrase);
      input.value = '';
    });
  }

  /** Brings the passphrase field into view and focuses it (the first-run tip's "Set up sync"). */
  focusPassphrase(): void {
    // scrollIntoView would also scroll the dialog itself and hide its title: scroll only the nearest container.
    this.renderRoot.querySelector<HTMLInputElement>('#sync-passphrase')?.scrollIntoView({ block: 'nearest' });
    this.renderRoot.querySelector<HTMLInputElement>('#sync-passphrase')?.focus({ preventScroll: true });
  }

  private onDelete(): void {
    const t = syncTranslator(this.language);
    if (!this.engine || !confirm(t('confirmDelete'))) return;
    void this.act(() => this.engine!.deleteRemote(), t('deleted'));
  }

  override render() {
    const t = syncTranslator(this.language);
    const status = this.status;
    const on = Boolean(status?.on);
    const error = this.failure ?? status?.error ?? null;
    const time = status?.lastSync
      ? new Date(status.lastSync).toLocaleString(this.language, { dateStyle: 'medium', timeStyle: 'short' })
      : '';
    return html`<fieldset>
      <legend>${t('title')}</legend>
      ${
        on
          ? html`<p class="hint" role="status" data-sync-state="on">
                ${t('on')} ${status?.busy ? t('syncing') : time ? t('lastSync', { time }) : t('never')}
                ${status?.bytes != null && status.quota ? t('used', { used: formatBytes(status.bytes), quota: formatBytes(status.quota) }) : nothing}
              </p>
              <div class="actions">
                <button class="btn" ?disabled=${this.working} @click=${() => void this.act(() => this.engine!.sync())}>${t('syncNow')}</button>
                <button class="btn" ?disabled=${this.working} @click=${() => void this.act(() => this.engine!.turnOff())}>${t('turnOff')}</button>
                <button class="btn danger" ?disabled=${this.working} @click=${this.onDelete}>${t('deleteRemote')}</button>
              </div>`
          : html`<p class="hint">${t('intro')}</p>
              <form class="row" @submit=${this.onSubmit}>
                <label class="sr-only" for="sync-passphrase">${t('passphrase')}</label>
                <input id="sync-passphrase" type="password" autocomplete="new-password" spellcheck="false"
                  placeholder=${t('passphrase')} aria-describedby="sync-passphrase-hint" minlength="8" required />
                <button class="btn primary" type="submit" ?disabled=${this.working}>
                  ${this.working ? t('turningOn') : t('turnOn')}
                </button>
              </form>
              <span class="hint" id="sync-passphrase-hint">${t('passphraseHint')}</span>`
      }
      ${error ? html`<p class="error" role="alert" data-sync-error=${error}>${t(`error.${error}`)}</p>` : nothing}
      ${this.notice ? html`<p class="hint" role="status">${this.notice}</p>` : nothing}
    </fieldset>`;
  }

  static override styles = [
    shared,
    settingsGroup,
    css`
      p {
        margin: 0 0 8px;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-bottom: 4px;
      }
      .row input {
        flex: 1 1 200px;
        width: auto;
      }
    `,
  ];
}

customElements.define('gpt-chat-sync-section', GptChatSyncSection);
