// The exchange's one timer, for three deadlines: the upstream idle timeout, the heartbeat, and the send timeout
// (a client taking no bytes while some wait for it). Re-armed per tick, not per chunk: chunks only stamp times.

export interface TimerLimits {
  /** Upstream silence before the exchange is cut. */
  timeoutMs: number;
  /** Silence towards the client before a `: ping` (0 = never). */
  heartbeatMs: number;
  /** Time the client may take no bytes while some wait for it. */
  sendTimeoutMs: number;
}

/** What the timer asks of the exchange and tells it. */
export interface TimerHost {
  /** A fetch or read is in flight, so upstream silence counts. */
  waitingOnUpstream(): boolean;
  /** Bytes the client has not taken yet, when the server can tell. */
  buffered(): number | undefined;
  sendTimedOut(): void;
  idleTimedOut(): void;
  heartbeat(): void;
}

export const monotonic = () => performance.now();

export class ExchangeTimers {
  /** When the upstream last answered or sent bytes (monotonic ms). */
  lastUpstream = monotonic();
  /** When bytes last went to the client. */
  lastWrite = this.lastUpstream;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires (monotonic). */
  private due = 0;
  /** Since when the client has taken no bytes while a write waits for it (-1: it is keeping up). */
  private blockedSince = -1;
  /** The bytes buffered unsent at that time, when the server can tell (progress = fewer of them). */
  private blockedBuffered: number | undefined;
  private stopped = false;

  constructor(
    private readonly host: TimerHost,
    private readonly limits: TimerLimits,
  ) {}

  start(): void {
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The client stopped taking bytes: the send timeout runs from the last write (the timer is brought forward). */
  blocked(): void {
    if (this.blockedSince >= 0) return;
    this.blockedSince = this.lastWrite;
    this.blockedBuffered = this.host.buffered();
    if (this.timer !== undefined && this.due > this.blockedSince + this.limits.sendTimeoutMs) {
      clearTimeout(this.timer);
      this.arm();
    }
  }

  /** The client can take more again. */
  unblocked(): void {
    this.blockedSince = -1;
  }

  private arm(): void {
    if (this.stopped) return;
    const { timeoutMs, heartbeatMs, sendTimeoutMs } = this.limits;
    const t = monotonic();
    let wait = timeoutMs - (t - this.lastUpstream);
    if (heartbeatMs > 0) wait = Math.min(wait, heartbeatMs - (t - this.lastWrite));
    if (this.blockedSince >= 0) wait = Math.min(wait, sendTimeoutMs - (t - this.blockedSince));
    // Whole milliseconds: Node keeps one timer list per distinct duration, so a fractional wait (different for
    // every exchange) made a list, a priority-queue insert and a removal per exchange; most exchanges now share
    // the heartbeat's list. Rounding up only ever fires late by under 1 ms, and the tick checks real times.
    wait = Math.ceil(Math.max(wait, 5));
    this.due = t + wait;
    this.timer = setTimeout(this.tick, wait);
  }

  /** Whether the client is past the send timeout; progress (fewer bytes buffered unsent) starts a new period. */
  private sendTimeoutPassed(t: number): boolean {
    if (this.blockedSince < 0 || t - this.blockedSince < this.limits.sendTimeoutMs) return false;
    const buffered = this.host.buffered();
    if (buffered !== undefined && this.blockedBuffered !== undefined && buffered < this.blockedBuffered) {
      this.blockedSince = t;
      this.blockedBuffered = buffered;
      return false;
    }
    return true;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.stopped) return;
    const t = monotonic();
    const { host, limits } = this;
    if (this.sendTimeoutPassed(t)) return host.sendTimedOut();
    if (host.waitingOnUpstream() && t - this.lastUpstream >= limits.timeoutMs) return host.idleTimedOut();
    if (limits.heartbeatMs > 0 && host.waitingOnUpstream() && t - this.lastWrite >= limits.heartbeatMs) {
      host.heartbeat();
    }
    this.arm();
  };
}
