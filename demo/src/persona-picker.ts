// <gpt-chat-persona-picker>: the empty state of a new chat — a heading and a card per persona. The cards are one
// radio group: one Tab stop, arrow keys move the choice.
import { LitElement, css, html, nothing } from 'lit';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';
import { shared } from './styles.js';
import type { Persona } from './types.js';

export class GptChatPersonaPicker extends LitElement {
  static override properties = {
    personas: { attribute: false },
    selectedId: { attribute: false },
    t: { attribute: false },
    syncTip: { attribute: false },
  };

  personas: Persona[] = [];
  selectedId = '';
  t!: Translate;
  /** Shows the one-line pointer to sync (first run: no chats yet, sync off). */
  syncTip = false;

  private emit(type: string, detail: unknown = null) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** Arrows pick the previous or next persona, wrapping, and keep focus in the group (`moved` tells the app so). */
  private onKeydown(event: KeyboardEvent) {
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const count = this.personas.length;
    if (!count || !(event.key in step || event.key === 'Home' || event.key === 'End')) return;
    event.preventDefault();
    const from = this.personas.findIndex((p) => p.id === this.selectedId);
    const rtl = /Left|Right/.test(event.key) && getComputedStyle(this).direction === 'rtl';
    const delta = (step[event.key] ?? 0) * (rtl ? -1 : 1);
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? count - 1 : (Math.max(from, 0) + delta + count) % count;
    const id = this.personas[to]!.id;
    this.emit('persona-pick', { id, moved: true });
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-persona="${CSS.escape(id)}"]`)?.focus(),
    );
  }

  override render() {
    const t = this.t;
    if (!t) return nothing;
    return html`<div class="wrap">
      <h1>${t('emptyHeading')}</h1>
      <p class="hint">${t('emptyHint')}</p>
      <div class="cards">
        <div class="group" role="radiogroup" aria-label=${t('choosePersona')} @keydown=${this.onKeydown}>
          ${this.personas.map((p, i) => {
            const selected = p.id === this.selectedId;
            // Roving tabindex: only the chosen card (or the first, when none is) is in the Tab order.
            const tabStop = selected || (i === 0 && !this.personas.some((x) => x.id === this.selectedId));
            return html`<button
              class="card"
              role="radio"
              aria-checked=${selected ? 'true' : 'false'}
              tabindex=${tabStop ? 0 : -1}
              data-persona=${p.id}
              @click=${() => this.emit('persona-pick', { id: p.id })}
            >
              <span class="emoji" aria-hidden="true">${p.emoji}</span>
              <span class="text">
                <span class="name">${p.name}</span>
                <span class="prompt">${p.prompt}</span>
              </span>
            </button>`;
          })}
        </div>
        <button class="card add" @click=${() => this.emit('persona-new')}>
          <span class="emoji" aria-hidden="true">${icons.plus}</span>
          <span class="text"><span class="name">${t('newPersona')}</span></span>
        </button>
      </div>
      ${
        this.syncTip
          ? html`<p class="tip" data-tip="sync">
              ${t('syncTip')} <button class="link" @click=${() => this.emit('open-sync')}>${t('syncTipAction')}</button>
            </p>`
          : nothing
      }
    </div>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .wrap {
        max-width: 760px;
        margin: 0 auto;
        padding: 24px 16px 16px;
      }
      h1 {
        margin: 0 0 4px;
        font-size: clamp(22px, 4vw, 28px);
        font-weight: 600;
        text-align: center;
        letter-spacing: -0.01em;
      }
      .hint {
        margin: 0 0 20px;
        text-align: center;
      }
      .tip {
        max-width: 560px;
        margin: 20px auto 0;
        color: var(--fg-muted);
        font-size: 13px;
        text-align: center;
      }
      .link {
        padding: 0;
        border: 0;
        background: none;
        color: var(--fg);
        font: inherit;
        text-decoration: underline;
        cursor: pointer;
      }
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
        gap: 10px;
      }
      /* The radios and the New persona button share one grid. */
      .group {
        display: contents;
      }
      .card {
        display: flex;
        align-items: flex-start;
        gap: 10px;
        min-width: 0;
        padding: 12px;
        border: 1px solid var(--border);
        border-radius: 14px;
        background: var(--bg);
        text-align: start;
        cursor: pointer;
      }
      .card:hover {
        background: var(--hover);
      }
      .card[aria-checked='true'] {
        border-color: var(--fg);
        box-shadow: inset 0 0 0 1px var(--fg);
      }
      .emoji {
        display: grid;
        place-items: center;
        flex: none;
        width: 28px;
        height: 28px;
        font-size: 20px;
        color: var(--fg-muted);
      }
      .text {
        display: grid;
        gap: 2px;
        min-width: 0;
      }
      .name {
        font-size: 14px;
        font-weight: 600;
      }
      .prompt {
        font-size: 13px;
        color: var(--fg-muted);
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .add {
        align-items: center;
        border-style: dashed;
      }
      @media (max-width: 520px) {
        .wrap {
          padding-top: 12px;
        }
        .cards {
          grid-template-columns: 1fr 1fr;
          gap: 8px;
        }
        .card {
          align-items: center;
          padding: 10px;
        }
        .prompt {
          display: none;
        }
      }
    `,
  ];
}

customElements.define('gpt-chat-persona-picker', GptChatPersonaPicker);
