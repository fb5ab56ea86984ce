// Keeps the log at its bottom while a conversation grows, unless the reader scrolled up by hand.
// "Following" is decided from user intent (wheel, touch, keys, a scrollbar drag), never from where a scroll
// event lands: the element's own jumps, and content drawn between a jump and its scroll event, cannot turn it off.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close (px) to the bottom counts as "at the bottom" (rounding, sub-pixel layouts, a last line). */
const SLACK = 32;
/** How long after a wheel, key or touch its scroll events still count as the user's. */
const INTENT_MS = 800;
/** Keys that scroll an element up when it (or something in it) has focus. */
const UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);
const SCROLL_KEYS = new Set([...UP_KEYS, 'PageDown', 'ArrowDown', 'End', ' ']);

export class ScrollController implements ReactiveController {
  /** Whether new content should scroll the log. */
  pinned = true;
  /** Whether the log shows its end (the "jump to latest" button hides then). */
  atBottom = true;
  private el: HTMLElement | null = null;
  private frame = 0;
  /** Until when scroll events are taken as the user's own (performance.now() time). */
  private intentUntil = 0;
  /** A finger or a scrollbar thumb is held: its scroll events are the user's for as long. */
  private held = false;
  private touchY = 0;
  private lastTop = 0;
  /** Elements the ResizeObserver watches: the log and each of its children. */
  private readonly observed = new Set<Element>();
  private readonly resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.onResize()) : null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly find: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const el = this.find();
    if (el !== this.el) {
      this.detach();
      this.el = el;
      if (el) this.attach(el);
    }
    // Content growth inside any message (streamed text, an image, highlighting) resizes that message.
    if (el && this.resizes) {
      for (const child of el.children) {
        if (this.observed.has(child)) continue;
        this.observed.add(child);
        this.resizes.observe(child);
      }
      for (const old of this.observed) {
        if (old.parentNode === el || old === el) continue;
        this.observed.delete(old);
        this.resizes.unobserve(old);
      }
    }
    this.followSoon();
  }

  hostDisconnected(): void {
    this.detach();
    this.el = null;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** Scrolls to the bottom if following (call after content grew). */
  follow(): void {
    const el = this.el;
    if (!el) return;
    if (this.pinned) {
      el.scrollTop = el.scrollHeight;
      this.lastTop = el.scrollTop;
    }
    this.measure();
  }

  /** Jumps to the bottom and resumes following (the user sent something, or asked for the latest). */
  pin(): void {
    this.pinned = true;
    this.follow();
  }

  private attach(el: HTMLElement): void {
    el.addEventListener('scroll', this.onScroll, { passive: true });
    el.addEventListener('wheel', this.onWheel, { passive: true });
    el.addEventListener('touchstart', this.onTouchStart, { passive: true });
    el.addEventListener('touchmove', this.onTouchMove, { passive: true });
    el.addEventListener('keydown', this.onKeydown);
    el.addEventListener('pointerdown', this.onPointerDown);
    this.resizes?.observe(el);
    this.observed.add(el);
    // A log Lit just drew starts at the top; reading scrollTop here would lay it out inside the creating task.
    this.lastTop = 0;
  }

  private detach(): void {
    const el = this.el;
    if (!el) return;
    el.removeEventListener('scroll', this.onScroll);
    el.removeEventListener('wheel', this.onWheel);
    el.removeEventListener('touchstart', this.onTouchStart);
    el.removeEventListener('touchmove', this.onTouchMove);
    el.removeEventListener('keydown', this.onKeydown);
    el.removeEventListener('pointerdown', this.onPointerDown);
    removeEventListener('pointerup', this.onRelease);
    removeEventListener('pointercancel', this.onRelease);
    this.resizes?.disconnect();
    this.observed.clear();
  }

  /** Only a scroll event the user caused, moving up and ending away from the bottom, stops following. */
  private readonly onScroll = () => {
    const el = this.el!;
    const top = el.scrollTop;
    const distance = el.scrollHeight - top - el.clientHeight;
    if (distance <= SLACK) this.pinned = true;
    else if (top < this.lastTop && (this.held || performance.now() < this.intentUntil)) this.pinned = false;
    this.lastTop = top;
    this.setAtBottom(distance <= SLACK);
  };

  private onResize(): void {
    // Runs after layout, before paint: following here keeps the bottom without a visible jump.
    if (this.pinned) this.follow();
    else this.measure();
  }

  /** The user turned the wheel: upward (with room to go up) stops following at once, before the scroll lands. */
  private readonly onWheel = (event: WheelEvent) => {
    this.intentUntil = performance.now() + INTENT_MS;
    if (event.deltaY < 0 && this.el!.scrollTop > 0) this.unpin();
  };

  private readonly onTouchStart = (event: TouchEvent) => {
    this.touchY = event.touches[0]?.clientY ?? 0;
    this.intentUntil = performance.now() + INTENT_MS;
  };

  /** A finger moving down drags the content down: the reader goes up. */
  private readonly onTouchMove = (event: TouchEvent) => {
    const y = event.touches[0]?.clientY ?? this.touchY;
    this.intentUntil = performance.now() + INTENT_MS;
    if (y > this.touchY + 2 && this.el!.scrollTop > 0) this.unpin();
    this.touchY = y;
  };

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (!SCROLL_KEYS.has(event.key)) return;
    // Arrow keys in a text field inside the log (editing a message) move the caret, not the log.
    const origin = event.composedPath()[0];
    if (origin instanceof HTMLTextAreaElement || origin instanceof HTMLInputElement) return;
    this.intentUntil = performance.now() + INTENT_MS;
    const up = UP_KEYS.has(event.key) || (event.key === ' ' && event.shiftKey);
    if (up && this.el!.scrollTop > 0) this.unpin();
    // End asks for the latest outright: a smooth scroll to the old end would land short of a growing stream.
    if (event.key === 'End') this.pinned = true;
  };

  /** A press on the log's own scrollbar (right of its content box) starts a drag that is the user's. */
  private readonly onPointerDown = (event: PointerEvent) => {
    const el = this.el!;
    if (event.composedPath()[0] !== el || event.offsetX < el.clientWidth) return;
    this.held = true;
    addEventListener('pointerup', this.onRelease, { once: true });
    addEventListener('pointercancel', this.onRelease, { once: true });
  };

  private readonly onRelease = () => {
    this.held = false;
    this.intentUntil = performance.now() + INTENT_MS;
  };

  private unpin(): void {
    this.pinned = false;
    this.setAtBottom(false);
  }

  private measure(): void {
    const el = this.el;
    if (el) this.setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight <= SLACK);
  }

  private setAtBottom(value: boolean): void {
    if (value === this.atBottom) return;
    this.atBottom = value;
    this.host.requestUpdate();
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
}
