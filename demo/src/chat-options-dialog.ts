// <gpt-chat-options>: temperature and max tokens of the current chat.
import { css, html, nothing } from 'lit';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';
import { Modal } from './modal.js';
import { shared } from './styles.js';
import type { Persona } from './types.js';

export interface ChatOptions {
  personaId?: string;
  temperature?: number;
  maxTokens?: number;
}

export class GptChatOptions extends Modal {
  static override properties = {
    options: { attribute: false },
    personas: { attribute: false },
    t: { attribute: false },
  };

  options: ChatOptions = {};
  personas: Persona[] = [];
  t!: Translate;

  private change(patch: ChatOptions) {
    this.dispatchEvent(new CustomEvent('options-change', { detail: patch, bubbles: true, composed: true }));
  }

  override render() {
    const t = this.t;
    if (!t) return nothing;
    const temp = this.options.temperature;
    const useDefault = temp === undefined;
    return html`<dialog aria-labelledby="options-title" @click=${this.onDialogClick} @close=${this.onDialogClose}>
      <div class="dialog-head">
        <h2 id="options-title">${t('chatOptions')}</h2>
        <button class="icon-btn" aria-label=${t('close')} @click=${() => this.close()}>${icons.close}</button>
      </div>
      <div class="dialog-body">
        <div class="field">
          <label for="persona">${t('persona')}</label>
          <select id="persona" @change=${(e: Event) => this.change({ personaId: (e.target as HTMLSelectElement).value })}>
            ${this.personas.map(
              (p) =>
                html`<option value=${p.id} ?selected=${p.id === this.options.personaId}>${p.emoji} ${p.name}</option>`,
            )}
          </select>
        </div>
        <div class="field">
          <div class="label-row">
            <label for="temperature">${t('temperature')}</label>
            <output for="temperature">${useDefault ? '—' : temp!.toFixed(1)}</output>
          </div>
          <input id="temperature" type="range" min="0" max="2" step="0.1" ?disabled=${useDefault}
            aria-describedby="temperature-hint" .value=${String(temp ?? 1)}
            @input=${(e: Event) => this.change({ temperature: Number((e.target as HTMLInputElement).value) })} />
          <span class="hint" id="temperature-hint">${t('temperatureHint')}</span>
          <label class="check">
            <input type="checkbox" .checked=${useDefault}
              @change=${(e: Event) => this.change({ temperature: (e.target as HTMLInputElement).checked ? undefined : 1 })} />
            <span>${t('useDefault')}</span>
          </label>
        </div>
        <div class="field">
          <label for="max-tokens">${t('maxTokens')}</label>
          <input id="max-tokens" type="number" min="1" step="1" inputmode="numeric" aria-describedby="max-tokens-hint"
            .value=${this.options.maxTokens === undefined ? '' : String(this.options.maxTokens)}
            @change=${(e: Event) => {
              const v = Math.floor(Number((e.target as HTMLInputElement).value));
              this.change({ maxTokens: (e.target as HTMLInputElement).value.trim() && v > 0 ? v : undefined });
            }} />
          <span class="hint" id="max-tokens-hint">${t('maxTokensHint')}</span>
        </div>
      </div>
      <div class="dialog-foot">
        <button class="btn primary" @click=${() => this.close()}>${t('done')}</button>
      </div>
    </dialog>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        --dialog-width: 420px;
      }
      .label-row {
        display: flex;
        justify-content: space-between;
      }
      output {
        font-variant-numeric: tabular-nums;
        color: var(--fg-muted);
      }
      input[type='range'] {
        width: 100%;
        accent-color: var(--primary-bg);
      }
      .check {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        font-weight: 400;
      }
      .check input {
        width: 18px;
        height: 18px;
        margin: 0;
        accent-color: var(--primary-bg);
      }
    `,
  ];
}

customElements.define('gpt-chat-options', GptChatOptions);
