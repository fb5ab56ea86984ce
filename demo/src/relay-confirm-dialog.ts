// <gpt-chat-relay-confirm>: asks before the page talks to a relay address the user did not choose (a link's
// `?relay=`, config.json, an old saved value). Shows the full address with its origin emphasized; Escape, the ×
// and a backdrop click keep the current relay, and "Keep current" has the focus first.
import { css, html, nothing } from 'lit';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';
import { Modal } from './modal.js';
import type { RelaySource } from './relay-trust.js';
import { shared } from './styles.js';

const SOURCE_TEXT = { link: 'relayAskLink', config: 'relayAskConfig', saved: 'relayAskSaved' } as const;

/** An address split for display: the origin (who receives the chats) and what follows it. */
function splitAddress(address: string): [string, string] {
  try {
    const origin = new URL(address).origin;
    return address.startsWith(origin) ? [origin, address.slice(origin.length)] : [address, ''];
  } catch {
    return [address, ''];
  }
}

export class GptChatRelayConfirm extends Modal {
  static override properties = {
    t: { attribute: false },
    address: { attribute: false },
    current: { attribute: false },
    source: { attribute: false },
  };

  t!: Translate;
  address = '';
  current = '';
  source: RelaySource = 'link';
  private accepted = false;
  private settle: ((use: boolean) => void) | null = null;

  /** Opens the dialog for `address`; resolves true for "Use", false for anything else. */
  async ask(address: string, current: string, source: RelaySource): Promise<boolean> {
    this.settle?.(false);
    Object.assign(this, { address, current, source });
    this.accepted = false;
    const answer = new Promise<boolean>((resolve) => (this.settle = resolve));
    await this.show();
    return answer;
  }

  protected override opened(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('[data-action="keep"]')?.focus();
  }

  protected override onDialogClose(): void {
    const settle = this.settle;
    this.settle = null;
    settle?.(this.accepted);
    super.onDialogClose();
  }

  private answer(use: boolean): void {
    this.accepted = use;
    this.close();
  }

  override render() {
    const t = this.t;
    if (!t || !this.address) return nothing;
    const [origin, rest] = splitAddress(this.address);
    const described = 'relay-ask-source relay-ask-address relay-ask-warning';
    return html`<dialog aria-labelledby="relay-ask-title" aria-describedby=${described}
      @click=${this.onDialogClick} @close=${this.onDialogClose}>
      <div class="dialog-head">
        <h2 id="relay-ask-title">${t('relayAskTitle')}</h2>
        <button class="icon-btn" aria-label=${t('close')} @click=${() => this.answer(false)}>${icons.close}</button>
      </div>
      <div class="dialog-body">
        <p id="relay-ask-source">${t(SOURCE_TEXT[this.source])}</p>
        <p class="address" id="relay-ask-address" data-address=${this.address} translate="no">
          <strong class="origin">${origin}</strong><span class="rest">${rest}</span>
        </p>
        <p class="warning" id="relay-ask-warning">${icons.warning}<span>${t('relayAskWarning')}</span></p>
        <p class="hint current">${t('relayAskCurrent')} <span translate="no">${this.current}</span></p>
      </div>
      <div class="dialog-foot">
        <button class="btn" data-action="keep" @click=${() => this.answer(false)}>${t('relayKeep')}</button>
        <button class="btn primary" data-action="use" @click=${() => this.answer(true)}>${t('relayUse')}</button>
      </div>
    </dialog>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        --dialog-width: 500px;
      }
      p {
        margin: 0 0 12px;
        line-height: 1.5;
      }
      .address {
        padding: 12px 14px;
        border: 1px solid var(--border-strong);
        border-radius: 12px;
        background: var(--bg);
        font: 15px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        /* Wrap anywhere rather than at a hyphen, so "attacker-" is never read as the end of a host name. */
        word-break: break-all;
      }
      .origin {
        display: block;
        font-size: 17px;
        font-weight: 700;
      }
      .rest {
        color: var(--fg-muted);
      }
      .warning {
        display: flex;
        gap: 10px;
        align-items: flex-start;
        font-size: 14px;
      }
      .warning svg {
        flex: none;
        color: var(--danger);
        margin-top: 1px;
      }
      .current {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];
}

customElements.define('gpt-chat-relay-confirm', GptChatRelayConfirm);
