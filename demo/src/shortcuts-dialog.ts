// <gpt-chat-shortcuts>: the list of keyboard shortcuts.
import { css, html, nothing } from 'lit';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';
import { Modal } from './modal.js';
import { SHORTCUTS, displayKeys } from './shortcuts.js';
import { shared } from './styles.js';

export class GptChatShortcuts extends Modal {
  static override properties = { t: { attribute: false } };
  t!: Translate;

  override render() {
    const t = this.t;
    if (!t) return nothing;
    return html`<dialog aria-labelledby="shortcuts-title" @click=${this.onDialogClick} @close=${this.onDialogClose}>
      <div class="dialog-head">
        <h2 id="shortcuts-title">${t('shortcuts')}</h2>
        <button class="icon-btn" aria-label=${t('close')} @click=${() => this.close()}>${icons.close}</button>
      </div>
      <div class="dialog-body">
        <dl>
          ${SHORTCUTS.map(
            (s) => html`<div class="row">
              <dt>${t(s.label)}</dt>
              <dd>${displayKeys(s.keys).map((k) => html`<kbd>${k}</kbd>`)}</dd>
            </div>`,
          )}
        </dl>
      </div>
    </dialog>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        --dialog-width: 460px;
      }
      dl {
        margin: 0;
      }
      .row {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
        padding: 10px 0;
        border-bottom: 1px solid var(--border);
      }
      .row:last-child {
        border-bottom: 0;
      }
      dt {
        font-size: 15px;
      }
      dd {
        display: flex;
        gap: 4px;
        margin: 0;
        flex: none;
      }
      kbd {
        min-width: 28px;
        padding: 3px 7px;
        border: 1px solid var(--border-strong);
        border-bottom-width: 2px;
        border-radius: 6px;
        background: var(--bg);
        font: 13px/1.2 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        text-align: center;
      }
    `,
  ];
}

customElements.define('gpt-chat-shortcuts', GptChatShortcuts);
