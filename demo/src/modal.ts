// Base for the page's dialogs: a native <dialog> opened modally (focus trap, Escape and inert background
// come from the browser), closed by its × button or a backdrop click.
import { LitElement } from 'lit';

export abstract class Modal extends LitElement {
  protected get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get isOpen(): boolean {
    return Boolean(this.dialog?.open);
  }

  async show(): Promise<void> {
    await this.updateComplete;
    const d = this.dialog;
    if (d && !d.open) d.showModal();
    this.opened();
  }

  close(): void {
    this.dialog?.close();
  }

  /** Runs after the dialog opened (focus the first field, reset state, …). */
  protected opened(): void {}

  /** Closes on a click on the backdrop (the dialog element itself, outside its content). */
  protected onDialogClick(e: MouseEvent): void {
    if (e.target === e.currentTarget) this.close();
  }

  protected onDialogClose(): void {
    this.dispatchEvent(new CustomEvent('modal-close', { bubbles: true, composed: true }));
  }
}

/** What an import did, shown next to the import button (role=alert when it failed). */
export interface ImportResult {
  ok: boolean;
  message: string;
}

/** Reads a picked file as text (the input is cleared so picking the same file again fires change). */
export async function readPickedFile(e: Event): Promise<string | null> {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  return file ? file.text() : null;
}

/** Offers text as a file download. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
