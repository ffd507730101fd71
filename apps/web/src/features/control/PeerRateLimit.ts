export interface RateBudget {
  /** Messages a peer may send at once after a quiet spell. */
  burst: number;
  /** Sustained messages per second. */
  perSecond: number;
}

export interface PeerRateLimitOptions {
  budget: RateBudget;
  now?: () => number;
  /** Where the sampled warning goes; the console by default. */
  warn?: (message: string) => void;
  /** At most one warning per peer per this many milliseconds, with the count dropped since the last. */
  warnEveryMs?: number;
}

interface Bucket {
  tokens: number;
  last: number;
  dropped: number;
  warnedAt: number;
}

/**
 * A token bucket per peer for what it sends us. Refills lazily from the clock, so a quiet peer
 * costs nothing; excess is dropped, and said so at most once per peer and interval, with a count
 * (a flood must not turn into a flood of console lines).
 */
export class PeerRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly budget: RateBudget;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly warnEveryMs: number;

  constructor(options: PeerRateLimitOptions) {
    this.budget = options.budget;
    this.now = options.now ?? (() => performance.now());
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.warnEveryMs = options.warnEveryMs ?? 10_000;
  }

  /** Spends one of the peer's tokens; false (the message is to be dropped) when it has none. */
  take(peerId: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(peerId);
    if (!bucket) {
      bucket = { tokens: this.budget.burst, last: now, dropped: 0, warnedAt: -Infinity };
      this.buckets.set(peerId, bucket);
    }
    const elapsedSeconds = Math.max(0, now - bucket.last) / 1000;
    bucket.last = now;
    bucket.tokens = Math.min(this.budget.burst, bucket.tokens + elapsedSeconds * this.budget.perSecond);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    bucket.dropped++;
    if (now - bucket.warnedAt >= this.warnEveryMs) {
      this.warn(`Dropped ${bucket.dropped} data-channel message(s) from peer ${peerId}: over its rate limit`);
      bucket.dropped = 0;
      bucket.warnedAt = now;
    }
    return false;
  }

  forget(peerId: string): void {
    this.buckets.delete(peerId);
  }

  clear(): void {
    this.buckets.clear();
  }
}
