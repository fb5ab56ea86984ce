// One once-a-second clock per element, running only while a reply streams: it redraws the live
// "Waiting for the model… 6 s" / "Thinking… 12 s" counters without a timer per message.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class Ticker implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    host: ReactiveControllerHost,
    /** Called each second; the host decides whether anything on screen counts. */
    private readonly tick: () => void,
  ) {
    host.addController(this);
  }

  /** (Re)starts the clock now, so its seconds turn with the phase that starts now (waiting, thinking). */
  start(): void {
    this.stop();
    this.timer = setInterval(this.tick, 1000);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  hostDisconnected(): void {
    this.stop();
  }
}
