// The attachments' part of the element's view: the attach and camera buttons, the composer tray (thumbnails and
// file chips, each removable), a sent message's attachments, the large-image dialog, and paste / drop handling.
// The element inserts these templates at a few points of its own; the state is AttachmentsController's.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { AttachmentsController, type AttachmentsConfig } from '../controllers/attachments-controller.js';
import { attachmentStyles } from './attachments.styles.js';
import type { MessageAttachment } from '../conversation/message.js';
import type { MessageKey } from '../i18n.js';
import { acceptList } from '../attachments/file-types.js';
import { attachmentUrl } from '../attachments/object-urls.js';
import { MAX_FILE_BYTES, MAX_IMAGES, type AttachmentKind } from '../attachments/limits.js';
import * as icons from '../icons.js';

export interface AttachmentsViewHost {
  t(key: MessageKey, params?: Record<string, string | number>): string;
  kinds(): ReadonlySet<AttachmentKind>;
  root(): ShadowRoot | HTMLElement | null;
  redraw(): void;
}

/**
 * Makes the controller and the view for `host` and adds their styles to its shadow root (constructed style
 * sheets: no inline <style>, which a strict CSP would refuse).
 */
export function createAttachments(
  host: ReactiveControllerHost & HTMLElement,
  config: AttachmentsConfig & AttachmentsViewHost,
): { controller: AttachmentsController; view: AttachmentsView } {
  const root = host.shadowRoot;
  const sheet = attachmentStyles.styleSheet;
  if (root && sheet && !root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const controller = new AttachmentsController(host, config);
  return { controller, view: new AttachmentsView(config, controller) };
}

export class AttachmentsView {
  /** True while files are dragged over the panel. */
  dragging = false;

  constructor(
    private readonly host: AttachmentsViewHost,
    private readonly attachments: AttachmentsController,
  ) {}

  get enabled(): boolean {
    return this.host.kinds().size > 0;
  }

  // ---------- composer ----------

  /** The attach button (a file picker) and, on touch screens, the camera button. */
  controls(): TemplateResult | typeof nothing {
    if (!this.enabled) return nothing;
    const kinds = this.host.kinds();
    const images = kinds.has('image');
    const label = this.host.t(images && kinds.has('file') ? 'attach' : images ? 'attachImages' : 'attachFiles');
    return html`<div class="attach-buttons">
      <button
        class="icon-button attach"
        part="attach"
        type="button"
        aria-label=${label}
        title=${label}
        @click=${() => this.pick('input.attach-input')}
      >
        ${icons.attachIcon}
      </button>
      ${
        images
          ? html`<button
            class="icon-button camera"
            part="attach camera"
            type="button"
            aria-label=${this.host.t('camera')}
            title=${this.host.t('camera')}
            @click=${() => this.pick('input.camera-input')}
          >
            ${icons.cameraIcon}
          </button>`
          : nothing
      }
      <input
        class="attach-input"
        type="file"
        multiple
        hidden
        accept=${acceptList(images, kinds.has('file'))}
        @change=${this.onPicked}
      />
      ${images ? html`<input class="camera-input" type="file" accept="image/*" capture="environment" hidden @change=${this.onPicked} />` : nothing}
    </div>`;
  }

  /** Pending attachments above the input, what is being prepared, the last refusal and the limits. */
  tray(): TemplateResult | typeof nothing {
    if (!this.enabled) return nothing;
    const { pending, preparing, notice } = this.attachments;
    const limits = this.host.t('attachHint', { n: MAX_IMAGES, mb: MAX_FILE_BYTES / 1024 / 1024 });
    const empty = pending.length === 0 && preparing.length === 0;
    return html`<div class="attach-tray" ?data-empty=${empty}>
      ${
        empty
          ? nothing
          : html`<ul class="attachments pending" aria-label=${this.host.t('attachments')}>
            ${pending.map((a) => html`<li>${this.item(a, true)}</li>`)}
            ${preparing.map(
              (name) => html`<li class="attachment preparing" part="attachment" aria-busy="true">
                <span class="name">${this.host.t('attaching', { name })}</span>
              </li>`,
            )}
          </ul>`
      }
      ${notice ? html`<div class="attach-notice" role="alert">${this.host.t(notice.key, notice.params)}</div>` : nothing}
      ${this.dragging ? html`<div class="attach-hint drop">${this.host.t('dropHere')}</div>` : nothing}
      ${!empty && !notice ? html`<div class="attach-hint">${limits}</div>` : nothing}
    </div>`;
  }

  // ---------- messages ----------

  /** A sent message's thumbnails and file chips. */
  sent(attachments: readonly MessageAttachment[] | undefined): TemplateResult | typeof nothing {
    if (!attachments?.length) return nothing;
    return html`<ul class="attachments sent" aria-label=${this.host.t('attachments')}>
      ${attachments.map((a) => html`<li>${this.item(a, false)}</li>`)}
    </ul>`;
  }

  /** The large-image dialog (one per element, opened by a thumbnail). */
  viewer(): TemplateResult {
    return html`<dialog class="viewer" part="viewer" @click=${this.onViewerClick}>
      <img alt="" />
      <button class="icon-button viewer-close" type="button" aria-label=${this.host.t('close')} title=${this.host.t('close')}>
        ${icons.closeIcon}
      </button>
    </dialog>`;
  }

  private item(a: MessageAttachment, removable: boolean): TemplateResult {
    const remove = removable
      ? html`<button
          class="remove"
          type="button"
          aria-label=${this.host.t('removeAttachment', { name: a.name })}
          title=${this.host.t('removeAttachment', { name: a.name })}
          @click=${() => this.attachments.remove(a.id)}
        >
          ${icons.closeIcon}
        </button>`
      : nothing;
    if (a.kind === 'image') {
      const url = attachmentUrl(a.id, () => this.host.redraw());
      return html`<span class="attachment image" part="attachment" data-id=${a.id}>
        <button
          class="thumb"
          type="button"
          aria-label=${this.host.t('viewImage', { name: a.name })}
          title=${a.name}
          @click=${() => this.open(a)}
        >
          ${url ? html`<img src=${url} alt="" width=${a.width ?? 64} height=${a.height ?? 64} />` : nothing}
        </button>
        ${remove}
      </span>`;
    }
    return html`<span class="attachment file" part="attachment" data-id=${a.id}>
      ${icons.fileIcon}
      <span class="name" title=${a.name}>${a.name}</span>
      <span class="tokens">${this.host.t('tokensApprox', { n: a.tokens.toLocaleString() })}</span>
      ${remove}
    </span>`;
  }

  private open(a: MessageAttachment): void {
    const dialog = this.host.root()?.querySelector<HTMLDialogElement>('dialog.viewer');
    const url = attachmentUrl(a.id, () => this.host.redraw());
    if (!dialog || !url) return;
    const img = dialog.querySelector('img')!;
    img.src = url;
    img.alt = a.name;
    dialog.showModal();
  }

  private onViewerClick = (event: Event): void => {
    // A click anywhere (the image, the backdrop, the close button) closes it; Escape does too (native).
    (event.currentTarget as HTMLDialogElement).close();
  };

  // ---------- input ----------

  private pick(selector: string): void {
    this.host.root()?.querySelector<HTMLInputElement>(selector)?.click();
  }

  private onPicked = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.attachments.add(files);
  };

  /** Paste: files on the clipboard (a screenshot) are attached; text pastes as usual. */
  onPaste = (event: ClipboardEvent): void => {
    if (!this.enabled) return;
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    void this.attachments.add(files);
  };

  onDragOver = (event: DragEvent): void => {
    if (!this.enabled || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) {
      this.dragging = true;
      this.host.redraw();
    }
  };

  onDragLeave = (event: DragEvent): void => {
    const panel = event.currentTarget as HTMLElement;
    if (event.relatedTarget instanceof Node && panel.contains(event.relatedTarget)) return;
    this.dragging = false;
    this.host.redraw();
  };

  onDrop = (event: DragEvent): void => {
    if (!this.enabled) return;
    const files = [...(event.dataTransfer?.files ?? [])];
    this.dragging = false;
    this.host.redraw();
    if (files.length === 0) return;
    event.preventDefault();
    void this.attachments.add(files);
  };
}
