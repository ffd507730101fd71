// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { PeerRateLimit } from './PeerRateLimit';

describe('PeerRateLimit', () => {
  const setup = () => {
    let now = 0;
    const warn = vi.fn();
    const limit = new PeerRateLimit({
      budget: { burst: 3, perSecond: 2 },
      now: () => now,
      warn,
      warnEveryMs: 10_000,
    });
    const take = (peerId: string, n: number) => Array.from({ length: n }, () => limit.take(peerId));
    return { limit, warn, take, at: (ms: number) => (now = ms) };
  };

  it('lets a burst through, then the sustained rate, per peer', () => {
    const { take, at } = setup();
    expect(take('a', 4)).toEqual([true, true, true, false]);
    expect(take('b', 1)).toEqual([true]);
    at(500);
    expect(take('a', 2)).toEqual([true, false]);
    at(60_000);
    expect(take('a', 4)).toEqual([true, true, true, false]);
  });

  it('warns once per peer and interval, with the count dropped since the last warning', () => {
    const { take, warn, at } = setup();
    take('a', 1003);
    take('b', 4);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      'Dropped 1 data-channel message(s) from peer a: over its rate limit',
      'Dropped 1 data-channel message(s) from peer b: over its rate limit',
    ]);
    at(10_000);
    // 20,000 tokens' worth of time refilled only up to the burst: 3 pass, the 4th is dropped.
    take('a', 4);
    expect(warn).toHaveBeenLastCalledWith(
      'Dropped 1000 data-channel message(s) from peer a: over its rate limit',
    );
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('forgets a peer that left', () => {
    const { limit, take } = setup();
    take('a', 3);
    limit.forget('a');
    expect(take('a', 1)).toEqual([true]);
  });
});
