// Auto-scroll that follows new text only while the reader is at the bottom of the log.
// Scrolling up to re-read stops the follow; scrolling back down (or sending) resumes it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close (px) to the bottom still counts as "at the bottom" (rounding, sub-pixel layouts). */
const SLACK = 32;

export class ScrollController implements ReactiveController {
  /** Whether new content should scroll the log. */
  pinned = true;
  private el: HTMLElement | null = null;
  private frame = 0;
  private readonly onScroll = () => {
    const el = this.el!;
    this.pinned = el.scrollHeight - el.scrollTop - el.clientHeight <= SLACK;
  };

  constructor(
    host: ReactiveControllerHost,
    private readonly find: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const el = this.find();
    if (el !== this.el) {
      this.el?.removeEventListener('scroll', this.onScroll);
      this.el = el;
      el?.addEventListener('scroll', this.onScroll, { passive: true });
    }
    this.followSoon();
  }

  hostDisconnected(): void {
    this.el?.removeEventListener('scroll', this.onScroll);
    this.el = null;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /**
   * follow() in the next frame, once however many updates come first. Reading scrollHeight forces a layout;
   * the frame lays out anyway, whereas in an update it would lengthen that task (the element's first render
   * most of all).
   */
  private followSoon(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.follow();
    });
  }

  /** Scrolls to the bottom if the reader is there (call after content grew). */
  follow(): void {
    if (this.pinned && this.el) this.el.scrollTop = this.el.scrollHeight;
  }

  /** Jumps to the bottom and resumes following (the user just sent something). */
  pin(): void {
    this.pinned = true;
    this.follow();
  }
}
