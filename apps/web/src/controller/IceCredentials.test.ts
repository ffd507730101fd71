import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceCredentials, MIN_ICE_REFRESH_MS } from './IceCredentials';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const turn = (n: number) => [{ urls: 'turn:t.example:3478', username: `u${n}`, credential: 'c' }];

describe('IceCredentials', () => {
  it('renews halfway through the credentials’ life and hands the new servers on', async () => {
    let n = 0;
    const ice = new IceCredentials(async () => ({
      iceServers: turn(++n),
      iceExpiresAt: Date.now() + 600_000,
    }));
    const seen: string[] = [];
    ice.on('changed', (config) => seen.push(String(config.iceServers?.[0]?.username)));
    ice.apply(turn(0), 'relay', Date.now() + 600_000);
    await vi.advanceTimersByTimeAsync(299_000);
    expect(seen).toEqual(['u0']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(seen).toEqual(['u0', 'u1']);
    expect(ice.rtcConfig.iceTransportPolicy).toBe('relay');
  });

  it('tries again soon when the server does not answer', async () => {
    let calls = 0;
    const ice = new IceCredentials(async () => (++calls < 3 ? null : { iceServers: turn(1) }));
    ice.apply(turn(0), 'all', Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(MIN_ICE_REFRESH_MS * 3 + 10);
    expect(calls).toBe(3);
  });

  it('re-arms nothing once disposed, even from a refresh that was in flight', async () => {
    let answer: (value: null) => void = () => undefined;
    const refresh = vi.fn(() => new Promise<null>((resolve) => (answer = resolve)));
    const ice = new IceCredentials(refresh);
    ice.apply(turn(0), 'all', Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(MIN_ICE_REFRESH_MS);
    expect(refresh).toHaveBeenCalledTimes(1);
    ice.dispose();
    answer(null);
    await vi.advanceTimersByTimeAsync(MIN_ICE_REFRESH_MS * 10);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
