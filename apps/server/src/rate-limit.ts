export interface RateLimit {
  /** Messages a socket may send at once after being quiet. */
  burst: number;
  /** Sustained messages per second. */
  perSecond: number;
}

/**
 * A token bucket: `take()` spends one token if there is one. Refills lazily from the clock,
 * so an idle bucket costs nothing (no timers per socket).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSeconds * this.limit.perSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
