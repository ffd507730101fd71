import { LIMITS } from '@parley/protocol';

export interface RateLimit {
  /** What may be spent at once after being quiet. */
  burst: number;
  /** Sustained refill per second. */
  perSecond: number;
}

/** A message budget and a byte budget, spent together. */
export interface Allowance {
  messages: RateLimit;
  bytes: RateLimit;
}

export interface RateLimits {
  /** Every event a socket sends, counted and weighed as it arrived on the wire. */
  socket: Allowance;
  /** The signals one peer sends to one other peer (descriptions and candidates, weighed by their text). */
  pair: Allowance;
}

export type Clock = () => number;

export const monotonic: Clock = performance.now.bind(performance);

/**
 * One link's negotiation fits a pair's burst with room to spare: an offer or answer (a few KB, at
 * most LIMITS.SDP_MAX) and a few dozen candidates, again for an ICE restart. A peer re-sending
 * offers to one victim spends only its own pair budget, and the victim's answers only the victim's
 * budget towards that peer: neither touches the victim's other links.
 */
export const PAIR_ALLOWANCE: Allowance = {
  messages: { burst: 50, perSecond: 10 },
  bytes: { burst: 4 * LIMITS.SDP_MAX, perSecond: LIMITS.SDP_MAX },
};

/** What a socket may spend besides its signals (joins, updates, ICE refreshes, refused junk). */
const SOCKET_BASE: Allowance = {
  messages: { burst: 50, perSecond: 10 },
  bytes: { burst: 64 * 1024, perSecond: 16 * 1024 },
};

/**
 * A socket's own budget is its pair budget once for each other peer a room can hold, plus a base:
 * so a socket that answers every link at its pair limit is still within it, and one busy link can
 * never empty it for the others.
 */
export function rateLimitsFor(maxPeers: number): RateLimits {
  const others = Math.max(1, maxPeers - 1);
  const scale = (base: RateLimit, pair: RateLimit): RateLimit => ({
    burst: base.burst + pair.burst * others,
    perSecond: base.perSecond + pair.perSecond * others,
  });
  return {
    socket: {
      messages: scale(SOCKET_BASE.messages, PAIR_ALLOWANCE.messages),
      bytes: scale(SOCKET_BASE.bytes, PAIR_ALLOWANCE.bytes),
    },
    pair: PAIR_ALLOWANCE,
  };
}

/**
 * A token bucket: `take(n)` spends n tokens if there are that many. Refills lazily from the clock,
 * so an idle bucket costs nothing (no timers per socket).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: Clock = monotonic,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Whether `n` tokens are there now (after refilling); spends nothing. */
  has(n = 1): boolean {
    this.refill();
    return this.tokens >= n;
  }

  take(n = 1): boolean {
    if (!this.has(n)) return false;
    this.spend(n);
    return true;
  }

  /** Spends `n` tokens checked by `has` just before (no refill, no check). */
  spend(n: number): void {
    this.tokens -= n;
  }

  /** Refilled to its burst: indistinguishable from a new bucket, so it may be dropped. */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.limit.burst;
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSeconds * this.limit.perSecond);
  }
}

/** One message of `bytes` bytes against a message bucket and a byte bucket: both pay, or neither. */
export class Budget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(allowance: Allowance, now: Clock = monotonic) {
    this.messages = new TokenBucket(allowance.messages, now);
    this.bytes = new TokenBucket(allowance.bytes, now);
  }

  take(bytes: number): boolean {
    // `has` refills both; the spends after it then need no clock of their own.
    if (!this.messages.has(1) || !this.bytes.has(bytes)) return false;
    this.messages.spend(1);
    this.bytes.spend(bytes);
    return true;
  }

  get full(): boolean {
    return this.messages.full && this.bytes.full;
  }
}

/**
 * Budgets (or buckets) by key, e.g. a peer id or an address, that forgets keys whose budget is full
 * again: indistinguishable from a new one. So the map stays as small as the set of keys that
 * spent something lately.
 */
export class Keyed<K, B extends { readonly full: boolean }> {
  private readonly items = new Map<K, B>();
  private pruneAt: number;

  constructor(
    private readonly create: () => B,
    /** Above this many keys, full budgets are dropped before a new one is added. */
    private readonly keep: number,
  ) {
    this.pruneAt = keep;
  }

  get(key: K): B {
    let item = this.items.get(key);
    if (!item) {
      if (this.items.size >= this.pruneAt) this.prune();
      item = this.create();
      this.items.set(key, item);
    }
    return item;
  }

  get size(): number {
    return this.items.size;
  }

  private prune(): void {
    for (const [key, item] of this.items) if (item.full) this.items.delete(key);
    // Many keys all busy at once: prune again only once their number has doubled (linear overall).
    this.pruneAt = Math.max(this.keep, this.items.size * 2);
  }
}

/**
 * Counts refusals and reports them at most once per interval, with the count: a socket flooding
 * at 1,000 messages a second makes one log line every `intervalMs`, not a thousand.
 */
export class SampledCount {
  private count = 0;
  private lastReport = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly report: (count: number) => void,
    private readonly now: Clock = monotonic,
  ) {}

  add(): void {
    this.count++;
    const now = this.now();
    if (now - this.lastReport < this.intervalMs) return;
    this.lastReport = now;
    this.flush();
  }

  /** Reports what has not been reported yet (e.g. when the socket goes away). */
  flush(): void {
    if (this.count === 0) return;
    this.report(this.count);
    this.count = 0;
  }
}
