import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../src/rate-limit.js';

describe('TokenBucket', () => {
  const clock = () => {
    let now = 1_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  const takeAll = (bucket: TokenBucket, tries: number) =>
    Array.from({ length: tries }, () => bucket.take()).filter(Boolean).length;

  it('allows a burst, then refuses', () => {
    const time = clock();
    const bucket = new TokenBucket({ burst: 5, perSecond: 10 }, time.now);
    expect(takeAll(bucket, 8)).toBe(5);
    expect(bucket.take()).toBe(false);
  });

  it('refills at the sustained rate, never above the burst', () => {
    const time = clock();
    const bucket = new TokenBucket({ burst: 5, perSecond: 10 }, time.now);
    takeAll(bucket, 5);
    time.advance(250); // 2.5 tokens
    expect(takeAll(bucket, 10)).toBe(2);
    time.advance(50); // 0.5 left + 0.5 = 1
    expect(takeAll(bucket, 10)).toBe(1);
    time.advance(60_000);
    expect(takeAll(bucket, 100)).toBe(5);
  });

  it('holds a steady sender to the sustained rate', () => {
    const time = clock();
    const bucket = new TokenBucket({ burst: 20, perSecond: 50 }, time.now);
    let allowed = 0;
    for (let ms = 0; ms < 10_000; ms++) {
      time.advance(1);
      if (bucket.take()) allowed++; // a 1000/s sender
    }
    expect(allowed).toBeGreaterThanOrEqual(20 + 500 - 1);
    expect(allowed).toBeLessThanOrEqual(20 + 500 + 1);
  });

  it('ignores a clock that goes backwards', () => {
    const time = clock();
    const bucket = new TokenBucket({ burst: 2, perSecond: 1 }, time.now);
    takeAll(bucket, 2);
    time.advance(-5_000);
    expect(bucket.take()).toBe(false);
  });
});
