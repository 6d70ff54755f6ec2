/**
 * Remembers whether a provider answers. After `threshold` failures in a row that say "not reachable"
 * (connection refused, timeouts, 5xx after retries), calls fail at once for `coolDownMs`, so jobs on a provider
 * that is down fail in seconds with a plain message instead of waiting out every timeout.
 */
export class ProviderHealth {
  private failuresInRow = 0;
  private downUntil = 0;
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;

  constructor(options: { threshold?: number; coolDownMs?: number; now?: () => number } = {}) {
    this.threshold = options.threshold ?? 3;
    this.coolDownMs = options.coolDownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until the provider is tried again, or 0 when it may be called now. */
  get waitMs(): number {
    return Math.max(0, this.downUntil - this.now());
  }

  recordSuccess(): void {
    this.failuresInRow = 0;
    this.downUntil = 0;
  }

  recordUnreachable(): void {
    this.failuresInRow += 1;
    if (this.failuresInRow >= this.threshold) this.downUntil = this.now() + this.coolDownMs;
  }
}
