// Windowing for long chats: a chat opens with only its newest messages rendered, and older ones are added a step
// at a time as the reader scrolls up towards them (an IntersectionObserver on a sentinel above the oldest
// rendered message, one step per frame), so opening a 1,000-message chat costs what opening its last screen does.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Messages rendered when a conversation opens (more than fill a tall screen with short replies). */
export const INITIAL_MESSAGES = 12;
/** Messages added per step while the sentinel is near the viewport. */
export const STEP_MESSAGES = 16;

export class MessageWindow implements ReactiveController {
  private start = 0;
  private firstId: string | undefined;
  private count = 0;
  private sentinel: Element | null = null;
  private observer: IntersectionObserver | null = null;
  private root: HTMLElement | null = null;
  private readonly supported = typeof IntersectionObserver === 'function';
  /** The oldest rendered message and where it was on screen before a step added older ones above it. */
  private anchor: { el: Element; top: number } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly findLog: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  /** The index of the first message to render (call once per render, with the messages being rendered). */
  from(messages: readonly { id: string }[]): number {
    const n = messages.length;
    if (messages[0]?.id !== this.firstId) {
      // Another conversation (loaded, replaced, cleared): open at its end.
      this.firstId = messages[0]?.id;
      this.start = this.supported ? Math.max(0, n - INITIAL_MESSAGES) : 0;
    } else if (n < this.count) this.start = Math.min(this.start, Math.max(0, n - INITIAL_MESSAGES));
    this.count = n;
    return this.start;
  }

  hostUpdated(): void {
    this.keepAnchor();
    const log = this.start > 0 ? this.findLog() : null;
    if (log && log !== this.root) {
      this.observer?.disconnect();
      this.sentinel = null;
      this.root = log;
      // Relative to the log's scrollport (its overflow clips the sentinel); the margin starts the next step
      // about a screen and a half before the reader reaches the oldest rendered message.
      this.observer = new IntersectionObserver((entries) => this.onIntersect(entries), {
        root: log,
        rootMargin: '150% 0px 0px 0px',
      });
    }
    const sentinel = log?.querySelector(':scope > .more') ?? null;
    if (sentinel === this.sentinel) return;
    if (this.sentinel) this.observer?.unobserve(this.sentinel);
    this.sentinel = sentinel;
    if (sentinel) this.observer?.observe(sentinel);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.root = null;
    this.sentinel = null;
  }

  /**
   * Messages added above push the rendered ones down: scroll by as much, so what the reader sees stays put. (The
   * browser's scroll anchoring does this too, but not at scrollTop 0, where a fast scroll up arrives first.)
   */
  private keepAnchor(): void {
    const anchor = this.anchor;
    this.anchor = null;
    const log = this.findLog();
    if (!anchor || !log || !anchor.el.isConnected) return;
    const moved = anchor.el.getBoundingClientRect().top - anchor.top;
    if (Math.abs(moved) >= 1) log.scrollTop += moved;
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    const sentinel = this.sentinel;
    if (!sentinel || this.start === 0 || !entries.some((e) => e.isIntersecting)) return;
    const oldest = sentinel.nextElementSibling;
    if (oldest) this.anchor = { el: oldest, top: oldest.getBoundingClientRect().top };
    this.start = Math.max(0, this.start - STEP_MESSAGES);
    this.host.requestUpdate();
    // Observing again gives a fresh entry next frame: while the sentinel stays near, the next step follows.
    this.observer!.unobserve(sentinel);
    this.sentinel = null;
  }
}
