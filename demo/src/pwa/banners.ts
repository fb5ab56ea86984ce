// <gpt-chat-pwa-banners>: the app-level banners: "Update available — Reload" when a new version is waiting (never
// forced), and "Offline" while the browser has no network. Starts the service worker itself.
import { css, html, LitElement, nothing } from 'lit';
import { shared } from '../styles.js';
import type { Lang } from '../types.js';
import { pwaTranslator } from './i18n.js';
import { startServiceWorker } from './register.js';

export class GptChatPwaBanners extends LitElement {
  static override properties = {
    language: { attribute: false },
    reload: { state: true },
    offline: { state: true },
  };

  language: Lang = 'en';
  /** Set once a new version waits: switches to it and reloads. */
  reload: (() => void) | null = null;
  offline = !navigator.onLine;

  private readonly onNetwork = () => (this.offline = !navigator.onLine);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
    startServiceWorker((reload) => (this.reload = reload));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
  }

  override render() {
    const t = pwaTranslator(this.language);
    return html`${
      this.reload
        ? html`<div class="banner" role="status" data-banner="update">
            <span>${t('updateAvailable')}</span>
            <button class="btn small primary" @click=${this.reload}>${t('reload')}</button>
          </div>`
        : nothing
    }${this.offline ? html`<div class="banner" role="status" data-banner="offline"><span>${t('offline')}</span></div>` : nothing}`;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .banner {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        margin: 0 12px 8px;
        padding: 8px 12px;
        border-radius: 12px;
        background: var(--warning-bg);
        color: var(--warning-fg);
        font-size: 14px;
      }
      .banner span {
        flex: 1 1 200px;
      }
      .btn.small {
        min-height: 32px;
        padding: 0 12px;
        font-size: 13px;
      }
    `,
  ];
}

customElements.define('gpt-chat-pwa-banners', GptChatPwaBanners);
