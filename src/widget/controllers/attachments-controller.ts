// The composer's attachments: what the user picked, pasted or dropped, prepared (resized, read) off the main
// thread, waiting to be sent. Refusals become one localized notice; nothing is cut or dropped silently.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageAttachment } from '../conversation/message.js';
import { deleteBlobs, putBlob } from '../conversation/blob-store.js';
import { releaseAttachmentUrls } from '../attachments/object-urls.js';
import { MAX_FILES, MAX_FILE_BYTES, MAX_IMAGES, type AttachmentKind } from '../attachments/limits.js';
import { fileHandling } from '../attachments/file-types.js';
import type { MessageKey } from '../i18n.js';

export interface AttachmentsConfig {
  /** The kinds the `attachments` attribute allows. */
  kinds(): ReadonlySet<AttachmentKind>;
  /** The context limit in tokens (0 = none): a file over it is refused. */
  tokenBudget(): number;
  /** Whether the conversation persists (then blobs go to IndexedDB too). */
  persist(): boolean;
  /** Whether a message in the conversation holds this attachment (its bytes must then stay). */
  inUse(id: string): boolean;
}

export interface AttachmentNotice {
  key: MessageKey;
  params: Record<string, string | number>;
}

export class AttachmentsController implements ReactiveController {
  /** Ready to send, in the order added. */
  pending: MessageAttachment[] = [];
  /** Names of files still being prepared. */
  preparing: string[] = [];
  /** The last refusal, shown under the composer until the next change. */
  notice: AttachmentNotice | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: AttachmentsConfig,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get busy(): boolean {
    return this.preparing.length > 0;
  }

  /** Adds files (from the picker, a paste or a drop); each is checked, then prepared. */
  async add(files: Iterable<File>): Promise<void> {
    const kinds = this.config.kinds();
    this.notice = null;
    const jobs: Array<Promise<void>> = [];
    let images = this.pending.filter((a) => a.kind === 'image').length;
    let others = this.pending.length - images;
    for (const file of files) {
      const handling = fileHandling(file);
      const kind: AttachmentKind = handling === 'image' ? 'image' : 'file';
      if (handling === 'unsupported' || !kinds.has(kind)) {
        this.refuse('refusedUnsupported', { name: file.name || '?' });
        continue;
      }
      if (file.size > MAX_FILE_BYTES) {
        this.refuse('refusedTooBig', { name: file.name, mb: MAX_FILE_BYTES / 1024 / 1024 });
        continue;
      }
      if (kind === 'image' ? images >= MAX_IMAGES : others >= MAX_FILES) {
        this.refuse('refusedTooMany', { n: kind === 'image' ? MAX_IMAGES : MAX_FILES });
        continue;
      }
      if (kind === 'image') images++;
      else others++;
      jobs.push(this.prepare(file));
    }
    this.host.requestUpdate();
    await Promise.all(jobs);
  }

  /** Takes the pending attachments for sending (they stay stored: the message now owns them). */
  take(): MessageAttachment[] {
    const taken = this.pending;
    this.pending = [];
    this.notice = null;
    this.host.requestUpdate();
    return taken;
  }

  remove(id: string): void {
    this.pending = this.pending.filter((a) => a.id !== id);
    if (!this.config.inUse(id)) {
      releaseAttachmentUrls([id]);
      void deleteBlobs([id]);
    }
    this.host.requestUpdate();
  }

  /**
   * Puts a failed message's attachments back into the composer (its text goes back into the input): sending
   * again takes them along, and removing one first is how to resend without it (e.g. to a model without vision).
   */
  restore(attachments: readonly MessageAttachment[]): void {
    const known = new Set(this.pending.map((a) => a.id));
    this.pending = [...this.pending, ...attachments.filter((a) => !known.has(a.id))];
    this.host.requestUpdate();
  }

  /** Takes `ids` out of the composer, keeping their bytes (a Retry sent the message that owns them). */
  forget(ids: ReadonlySet<string>): void {
    if (!this.pending.some((a) => ids.has(a.id))) return;
    this.pending = this.pending.filter((a) => !ids.has(a.id));
    this.host.requestUpdate();
  }

  private refuse(key: MessageKey, params: Record<string, string | number>): void {
    this.notice = { key, params };
  }

  private async prepare(file: File): Promise<void> {
    const name = file.name || 'file';
    this.preparing = [...this.preparing, name];
    try {
      const { readAttachment, AttachmentRefused } = await import('../attachments/read-attachment.js');
      try {
        const read = await readAttachment(file, this.config.tokenBudget());
        await putBlob(read.meta.id, read.blob, this.config.persist()).catch(() => undefined);
        this.pending = [...this.pending, read.meta];
      } catch (error) {
        if (!(error instanceof AttachmentRefused)) throw error;
        const mb = MAX_FILE_BYTES / 1024 / 1024;
        const key = `refused${error.reason[0]!.toUpperCase()}${error.reason.slice(1)}` as MessageKey;
        this.refuse(key, { name, mb, n: error.tokens, limit: this.config.tokenBudget() });
      }
    } catch {
      this.refuse('refusedUnreadable', { name });
    } finally {
      const at = this.preparing.indexOf(name);
      this.preparing = this.preparing.filter((_, i) => i !== at);
      this.host.requestUpdate();
    }
  }
}
