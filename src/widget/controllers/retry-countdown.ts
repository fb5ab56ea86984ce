// Counts a server's Retry-After down a second at a time, so Retry reads "Retry in 12 s" (disabled) and becomes
// pressable at 0: pressing earlier would only earn another refusal, and maybe a longer wait.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class RetryCountdown implements ReactiveController {
  /** Whole seconds left; 0 when Retry may be pressed. */
  remaining = 0;
  private deadline = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly now: () => number = () => Date.now(),
  ) {
    host.addController(this);
  }

  /** Starts counting `seconds` down (0, negative or absent: Retry is free at once). */
  start(seconds: number | null | undefined): void {
    clearTimeout(this.timer);
    this.deadline = seconds && seconds > 0 ? this.now() + seconds * 1000 : 0;
    this.tick();
  }

  hostConnected(): void {
    // Back in the page (moved in the DOM): go on from the same deadline.
    if (this.deadline) this.tick();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  private readonly tick = (): void => {
    const left = Math.max(0, this.deadline - this.now());
    const seconds = Math.ceil(left / 1000);
    if (seconds !== this.remaining) {
      this.remaining = seconds;
      this.host.requestUpdate();
    }
    if (seconds === 0) {
      this.deadline = 0;
      return;
    }
    // Wake just after the next whole second, not every 1000 ms from now: timers drift and tabs throttle them.
    this.timer = setTimeout(this.tick, left - (seconds - 1) * 1000 + 5);
  };
}
