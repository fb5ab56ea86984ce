// <gpt-chat-personas>: the user's own personas — create, edit, delete, export and import (validated JSON).
import { css, html, nothing } from 'lit';
import type { Translate } from './i18n.js';
import { icons } from './icons.js';
import { Modal, readPickedFile, type ImportResult } from './modal.js';
import { newId } from './personas.js';
import { shared } from './styles.js';
import type { Persona } from './types.js';

export class GptChatPersonas extends Modal {
  static override properties = {
    personas: { attribute: false },
    models: { attribute: false },
    t: { attribute: false },
    importPersonas: { attribute: false },
    editing: { state: true },
    nameError: { state: true },
    importMessage: { state: true },
    importFailed: { state: true },
  };

  personas: Persona[] = [];
  models: string[] = [];
  t!: Translate;
  importPersonas: (text: string) => Promise<ImportResult> = async () => ({ ok: true, message: '' });
  /** The persona being edited (a new one has an id not in `personas`), or null for the list. */
  editing: Persona | null = null;
  nameError = false;
  importMessage = '';
  importFailed = false;

  protected override opened() {
    this.editing = null;
    this.importMessage = '';
    this.importFailed = false;
  }

  /** Opens straight into the editor for a new persona. */
  async showNew() {
    await this.show();
    this.edit(null);
  }

  private emit(type: string, detail: unknown = null) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private edit(p: Persona | null) {
    this.nameError = false;
    this.editing = p ? { ...p } : { id: newId('p'), name: '', emoji: '🙂', prompt: '' };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#persona-name')?.focus());
  }

  private save(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    if (!name) {
      this.nameError = true;
      form.querySelector<HTMLInputElement>('#persona-name')?.focus();
      return;
    }
    const persona: Persona = {
      id: this.editing!.id,
      name,
      emoji: String(data.get('emoji') ?? '').trim() || '🙂',
      prompt: String(data.get('prompt') ?? ''),
    };
    const model = String(data.get('model') ?? '').trim();
    if (model) persona.model = model;
    const temperature = String(data.get('temperature') ?? '').trim();
    if (temperature !== '' && Number.isFinite(Number(temperature)))
      persona.temperature = Math.min(2, Math.max(0, Number(temperature)));
    this.emit('persona-save', { persona });
    this.editing = null;
  }

  private async onImport(e: Event) {
    const text = await readPickedFile(e);
    if (text === null) return;
    const result = await this.importPersonas(text);
    this.importFailed = !result.ok;
    this.importMessage = result.message;
  }

  private renderList() {
    const t = this.t;
    return html`<div class="dialog-body">
        <h3>${t('yourPersonas')}</h3>
        ${
          this.personas.length
            ? html`<ul class="list">
              ${this.personas.map(
                (p) => html`<li>
                  <span class="emoji" aria-hidden="true">${p.emoji}</span>
                  <span class="name">${p.name}</span>
                  <button class="icon-btn" aria-label="${t('editPersona')}: ${p.name}" @click=${() => this.edit(p)}>
                    ${icons.edit}
                  </button>
                  <button class="icon-btn" aria-label="${t('deletePersona')}: ${p.name}"
                    @click=${() => this.emit('persona-delete', { id: p.id })}>${icons.trash}</button>
                </li>`,
              )}
            </ul>`
            : html`<p class="hint">${t('noOwnPersonas')}</p>`
        }
        ${
          this.importMessage
            ? html`<p class=${this.importFailed ? 'error' : 'hint'} role=${this.importFailed ? 'alert' : 'status'} data-import-result>
              ${this.importMessage}
            </p>`
            : nothing
        }
      </div>
      <div class="dialog-foot">
        <button class="btn" ?disabled=${!this.personas.length} @click=${() => this.emit('export-personas')}>
          ${icons.download}<span>${t('exportPersonas')}</span>
        </button>
        <label class="btn file">
          ${icons.upload}<span>${t('importPersonas')}</span>
          <input class="sr-only" type="file" accept="application/json,.json" data-import="personas" @change=${this.onImport} />
        </label>
        <button class="btn primary" @click=${() => this.edit(null)}>${icons.plus}<span>${t('newPersona')}</span></button>
      </div>`;
  }

  private renderEditor(p: Persona) {
    const t = this.t;
    return html`<form @submit=${this.save} novalidate>
      <div class="dialog-body">
        <div class="pair">
          <div class="field emoji-field">
            <label for="persona-emoji">${t('personaEmoji')}</label>
            <input id="persona-emoji" name="emoji" type="text" maxlength="8" .value=${p.emoji} />
          </div>
          <div class="field">
            <label for="persona-name">${t('personaName')}</label>
            <input id="persona-name" name="name" type="text" maxlength="100" required .value=${p.name}
              aria-invalid=${this.nameError ? 'true' : 'false'} aria-describedby="persona-name-error" />
            ${this.nameError ? html`<span class="error" id="persona-name-error" role="alert">${t('personaNameRequired')}</span>` : nothing}
          </div>
        </div>
        <div class="field">
          <label for="persona-prompt">${t('personaPrompt')}</label>
          <textarea id="persona-prompt" name="prompt" rows="6" .value=${p.prompt}></textarea>
        </div>
        <div class="pair">
          <div class="field">
            <label for="persona-model">${t('personaModel')}</label>
            <input id="persona-model" name="model" type="text" list="persona-models" autocomplete="off" .value=${p.model ?? ''} />
            <datalist id="persona-models">${this.models.map((m) => html`<option value=${m}></option>`)}</datalist>
          </div>
          <div class="field">
            <label for="persona-temperature">${t('personaTemperature')}</label>
            <input id="persona-temperature" name="temperature" type="number" min="0" max="2" step="0.1" inputmode="decimal"
              .value=${p.temperature === undefined ? '' : String(p.temperature)} />
          </div>
        </div>
      </div>
      <div class="dialog-foot">
        <button type="button" class="btn" @click=${() => (this.editing = null)}>${t('cancel')}</button>
        <button type="submit" class="btn primary">${t('save')}</button>
      </div>
    </form>`;
  }

  override render() {
    const t = this.t;
    if (!t) return nothing;
    const isNew = this.editing && !this.personas.some((p) => p.id === this.editing!.id);
    const title = this.editing ? (isNew ? t('newPersona') : t('editPersona')) : t('personas');
    return html`<dialog aria-labelledby="personas-title" @click=${this.onDialogClick} @close=${this.onDialogClose}>
      <div class="dialog-head">
        <h2 id="personas-title">${title}</h2>
        <button class="icon-btn" aria-label=${t('close')} @click=${() => this.close()}>${icons.close}</button>
      </div>
      ${this.editing ? this.renderEditor(this.editing) : this.renderList()}
    </dialog>`;
  }

  static override styles = [
    shared,
    css`
      form {
        display: contents;
      }
      h3 {
        margin: 0 0 8px;
        font-size: 14px;
        font-weight: 600;
      }
      .list {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .list li {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 4px 0 4px 4px;
        border-bottom: 1px solid var(--border);
      }
      .emoji {
        font-size: 20px;
        width: 28px;
        text-align: center;
      }
      .name {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .pair {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 12px;
      }
      .pair:has(.emoji-field) {
        grid-template-columns: 88px minmax(0, 1fr);
      }
      @media (max-width: 420px) {
        .pair:not(:has(.emoji-field)) {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];
}

customElements.define('gpt-chat-personas', GptChatPersonas);
