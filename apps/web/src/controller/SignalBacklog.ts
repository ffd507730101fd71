import type { OutgoingSignal } from '../rtc/PerfectNegotiator';

/** What one try to send a signal came to. */
export type SendOutcome = 'sent' | 'rate_limited' | 'lost';

/** A signal refused this many times in a row is given up (the link recovers through ICE restarts). */
const SIGNAL_TRIES = 6;

/**
 * Signals refused with `rate_limited`, per peer, sent again with backoff (doubling up to 16×) and
 * in order: later signals to that peer wait behind the refused one.
 */
export class SignalBacklog {
  private readonly backlogs = new Map<string, OutgoingSignal[]>();

  constructor(
    private readonly trySend: (peerId: string, signal: OutgoingSignal) => Promise<SendOutcome>,
    private readonly backoffMs: number,
  ) {}

  send(peerId: string, signal: OutgoingSignal): void {
    const backlog = this.backlogs.get(peerId);
    if (backlog) backlog.push(signal);
    else void this.deliver(peerId, signal);
  }

  drop(peerId: string): void {
    this.backlogs.delete(peerId);
  }

  clear(): void {
    this.backlogs.clear();
  }

  private async deliver(peerId: string, first: OutgoingSignal): Promise<void> {
    if ((await this.trySend(peerId, first)) !== 'rate_limited') return;
    const existing = this.backlogs.get(peerId);
    if (existing) {
      existing.splice(1, 0, first);
      return;
    }
    const backlog = [first];
    this.backlogs.set(peerId, backlog);
    let delay = this.backoffMs;
    let tries = 1;
    while (backlog.length > 0 && this.backlogs.get(peerId) === backlog) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.backlogs.get(peerId) !== backlog) return;
      const outcome = await this.trySend(peerId, backlog[0] as OutgoingSignal);
      if (outcome === 'rate_limited' && tries++ < SIGNAL_TRIES) {
        delay = Math.min(delay * 2, this.backoffMs * 16);
        continue;
      }
      backlog.shift();
      tries = 1;
      delay = this.backoffMs;
    }
    if (this.backlogs.get(peerId) === backlog) this.backlogs.delete(peerId);
  }
}
