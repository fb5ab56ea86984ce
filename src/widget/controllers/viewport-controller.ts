// Tracks the phone-sized viewport the launcher panel turns full-screen (and modal) in, and keeps that
// full-screen panel above the on-screen keyboard: CSS `dvh` covers most browsers, and visualViewport (which
// shrinks when the keyboard opens, on iOS too) sets --gpt-chat-vvh / -vvtop so the input is never hidden.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The media query of a phone: the launcher panel is full-screen (styles.ts) and a modal dialog there. */
export const PHONE_QUERY = '(max-width: 640px)';

export class ViewportController implements ReactiveController {
  private readonly query = window.matchMedia(PHONE_QUERY);
  private readonly update = () => {
    const vv = window.visualViewport;
    if (!vv) return;
    this.el.style.setProperty('--_vvh', `${Math.round(vv.height)}px`);
    this.el.style.setProperty('--_vvtop', `${Math.round(vv.offsetTop)}px`);
  };
  // Rotating a tablet or resizing a window crosses the breakpoint: the dialog's modality must follow.
  private readonly onQuery = () => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly el: HTMLElement,
  ) {
    host.addController(this);
  }

  /** Whether the viewport is phone-sized (the same breakpoint as the full-screen CSS). */
  get phone(): boolean {
    return this.query.matches;
  }

  hostConnected(): void {
    this.query.addEventListener('change', this.onQuery);
    const vv = window.visualViewport;
    if (!vv) return;
    vv.addEventListener('resize', this.update);
    vv.addEventListener('scroll', this.update);
    // In the first frame, not now: reading the visual viewport lays the page out, inside the host page's task.
    requestAnimationFrame(this.update);
  }

  hostDisconnected(): void {
    this.query.removeEventListener('change', this.onQuery);
    const vv = window.visualViewport;
    vv?.removeEventListener('resize', this.update);
    vv?.removeEventListener('scroll', this.update);
  }
}
