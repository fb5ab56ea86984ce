// <gpt-chat-storage-section>: in Settings, how much the page stores in this browser and whether the browser may
// evict it (navigator.storage.estimate / persisted). Read each time Settings opens.
import { css, html, LitElement, nothing } from 'lit';
import { shared } from '../styles.js';
import type { Lang } from '../types.js';
import { formatBytes } from '../sync/i18n.js';
import { pwaTranslator } from './i18n.js';
import { storageInfo, type StorageInfo } from './storage.js';

export class GptChatStorageSection extends LitElement {
  static override properties = {
    language: { attribute: false },
    info: { state: true },
  };

  language: Lang = 'en';
  info: StorageInfo | null = null;

  /** Reads the numbers again (Settings calls it when it opens). */
  async refresh(): Promise<void> {
    this.info = await storageInfo();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  override render() {
    const t = pwaTranslator(this.language);
    const info = this.info;
    if (!info) return nothing;
    return html`<p class="hint" data-storage=${info.persistent ? 'persistent' : 'evictable'}>
      ${t('storageTitle')}:
      ${
        info.used !== null && info.quota !== null
          ? t('storageUsed', { used: formatBytes(info.used), quota: formatBytes(info.quota) })
          : t('storageUnknown')
      }
      ${info.persistent ? t('storagePersistent') : t('storageEvictable')}
    </p>`;
  }

  static override styles = [
    shared,
    css`
      p {
        margin: 8px 0 0;
      }
    `,
  ];
}

customElements.define('gpt-chat-storage-section', GptChatStorageSection);
