// The top bar's model picker. It shows exactly the model the next request sends (the chat's own), in a stable
// order: the relay's list as it came, then an unlisted id the chat uses (typed by hand, or no longer listed).
// "Other model…" turns it into a text field (with the list as suggestions) for an id the relay does not list.
import { html } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';

/** The option value of "Other model…" (no model id starts with a NUL). */
const OTHER = '\u0000other';

/** The listed models in the relay's order, then the chat's own model if the relay does not list it. */
export function pickerOptions(models: readonly string[], chosen: string | undefined): string[] {
  const listed = [...new Set(models)];
  return chosen && !listed.includes(chosen) ? [...listed, chosen] : listed;
}

/** A typed model id, trimmed; null when nothing is left. */
export function typedModel(text: string): string | null {
  const id = text.trim();
  return id ? id : null;
}

export interface ModelPickerProps {
  t: Translate;
  models: string[];
  modelsFailed: boolean;
  /** The chat's model (undefined: the relay's default). */
  model: string | undefined;
  /** The text field for an unlisted id is open. */
  typing: boolean;
  onModel(model: string | undefined): void;
  onTyping(open: boolean): void;
}

export function renderModelPicker(p: ModelPickerProps) {
  const { t } = p;
  if (p.typing) return renderTyping(p);
  const options = pickerOptions(p.models, p.model);
  const defaultLabel = p.modelsFailed ? t('modelsUnavailable') : t('modelDefault');
  // live(): a user's pick marks options "dirty", after which only the selected property (not the attribute)
  // says what the select shows; comparing with the live DOM keeps it equal to what the next request sends.
  return html`<label class="sr-only" for="model">${t('model')}</label>
    <div class="model">
      <select id="model" title=${p.modelsFailed ? t('modelsUnavailable') : t('model')}
        @change=${(e: Event) => {
          const value = (e.target as HTMLSelectElement).value;
          if (value === OTHER) p.onTyping(true);
          else p.onModel(value || undefined);
        }}>
        <option value="" .selected=${live(!p.model)}>${defaultLabel}</option>
        ${options.map((m) => html`<option value=${m} .selected=${live(m === p.model)}>${m}</option>`)}
        <option value=${OTHER} .selected=${live(false)}>${t('modelOther')}</option>
      </select>
      ${icons.chevronDown}
    </div>`;
}

function renderTyping(p: ModelPickerProps) {
  const { t } = p;
  const commit = (input: HTMLInputElement) => {
    const id = typedModel(input.value);
    if (!id) {
      input.setCustomValidity(t('modelIdRequired'));
      input.reportValidity();
      return;
    }
    p.onModel(id);
    p.onTyping(false);
  };
  return html`<label class="sr-only" for="model">${t('modelId')}</label>
    <div class="model typing">
      <input id="model" type="text" list="model-suggestions" autocomplete="off" spellcheck="false" required
        placeholder=${t('modelId')} .value=${p.model ?? ''}
        @input=${(e: Event) => (e.target as HTMLInputElement).setCustomValidity('')}
        @keydown=${(e: KeyboardEvent) => {
          if (e.isComposing) return;
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(e.target as HTMLInputElement);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            (e.target as HTMLInputElement).dataset.cancelled = '1';
            p.onTyping(false);
          }
        }}
        @blur=${(e: FocusEvent) => {
          const input = e.target as HTMLInputElement;
          if (input.dataset.cancelled) return;
          // Leaving the field keeps a typed id, and with nothing typed goes back to the list.
          if (typedModel(input.value)) commit(input);
          else p.onTyping(false);
        }} />
      <datalist id="model-suggestions">${p.models.map((m) => html`<option value=${m}></option>`)}</datalist>
    </div>`;
}
