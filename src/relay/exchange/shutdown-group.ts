// The exchanges a server shutdown must end, so they can close with a retryable error event.

/**
 * The exchanges a server shutdown must end. One listener on the shutdown signal serves them all: adding and
 * removing an AbortSignal listener per request costs microseconds on every request's way to its first byte.
 */
export class ShutdownGroup {
  private readonly live = new Set<{ shutDown(): void }>();

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', () => [...this.live].forEach((exchange) => exchange.shutDown()), { once: true });
  }

  get down(): boolean {
    return this.signal?.aborted === true;
  }

  add(exchange: { shutDown(): void }): void {
    if (this.signal) this.live.add(exchange);
  }

  delete(exchange: { shutDown(): void }): void {
    this.live.delete(exchange);
  }
}
