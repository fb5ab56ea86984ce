// Keeps the full-screen panel above the on-screen keyboard on phones: CSS `dvh` covers most browsers,
// and visualViewport (which shrinks when the keyboard opens, on iOS too) sets --gpt-chat-vvh / -vvtop
// so the input is never hidden behind the keyboard.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ViewportController implements ReactiveController {
  private readonly update = () => {
    const vv = window.visualViewport;
    if (!vv) return;
    this.el.style.setProperty('--_vvh', `${Math.round(vv.height)}px`);
    this.el.style.setProperty('--_vvtop', `${Math.round(vv.offsetTop)}px`);
  };

  constructor(
    host: ReactiveControllerHost,
    private readonly el: HTMLElement,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const vv = window.visualViewport;
    if (!vv) return;
    vv.addEventListener('resize', this.update);
    vv.addEventListener('scroll', this.update);
    this.update();
  }

  hostDisconnected(): void {
    const vv = window.visualViewport;
    vv?.removeEventListener('resize', this.update);
    vv?.removeEventListener('scroll', this.update);
  }
}
