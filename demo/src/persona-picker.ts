// <gpt-chat-persona-picker>: the empty state of a new chat — a heading and a card per persona.
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
  };

  personas: Persona[] = [];
  selectedId = '';
  t!: Translate;

  private emit(type: string, detail: unknown = null) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  override render() {
    const t = this.t;
    if (!t) return nothing;
    return html`<div class="wrap">
      <h1>${t('emptyHeading')}</h1>
      <p class="hint">${t('emptyHint')}</p>
      <div class="cards" role="radiogroup" aria-label=${t('choosePersona')}>
        ${this.personas.map((p) => {
          const selected = p.id === this.selectedId;
          return html`<button
            class="card"
            role="radio"
            aria-checked=${selected ? 'true' : 'false'}
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
        <button class="card add" @click=${() => this.emit('persona-new')}>
          <span class="emoji" aria-hidden="true">${icons.plus}</span>
          <span class="text"><span class="name">${t('newPersona')}</span></span>
        </button>
      </div>
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
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
        gap: 10px;
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
