import { describe, expect, it, vi } from 'vitest';
import { createGuard } from './pipeline';

/** Feeds `guard` frames at `fps` for `seconds` on a fake clock. */
function run(guard: ReturnType<typeof createGuard>, clock: { t: number }, fps: number, seconds: number) {
  for (let i = 0; i < fps * seconds; i++) {
    clock.t += 1000 / fps;
    guard.frame();
  }
}

describe('the background frame-rate guard', () => {
  it('keeps segmenting every frame while frames go out at the camera rate', () => {
    const clock = { t: 0 };
    const giveUp = vi.fn();
    const guard = createGuard(20, giveUp, () => clock.t);
    run(guard, clock, 20, 20);
    expect(guard.stride()).toBe(1);
    expect(giveUp).not.toHaveBeenCalled();
  });

  it('segments less often over each slow window, then gives up once', () => {
    const clock = { t: 0 };
    const giveUp = vi.fn();
    const guard = createGuard(20, giveUp, () => clock.t);
    // The first window is the model's warm-up: not judged.
    run(guard, clock, 10, 2.1);
    expect(guard.stride()).toBe(1);
    run(guard, clock, 10, 2);
    expect(guard.stride()).toBe(2);
    run(guard, clock, 10, 2);
    expect(guard.stride()).toBe(4);
    run(guard, clock, 10, 2);
    expect(guard.stride()).toBe(8);
    expect(giveUp).not.toHaveBeenCalled();
    run(guard, clock, 10, 6);
    expect(giveUp).toHaveBeenCalledTimes(1);
  });

  it('at its cheapest step, stays on just under the floor (a busy machine) and gives up well under it', () => {
    const clock = { t: 0 };
    const giveUp = vi.fn();
    const guard = createGuard(20, giveUp, () => clock.t);
    run(guard, clock, 10, 8.1);
    expect(guard.stride()).toBe(8);
    run(guard, clock, 14, 10);
    expect(giveUp).not.toHaveBeenCalled();
    run(guard, clock, 11, 2.1);
    expect(giveUp).toHaveBeenCalledTimes(1);
  });

  it('judges a slow camera against its own rate', () => {
    const clock = { t: 0 };
    const giveUp = vi.fn();
    // A 12 fps camera: 10 a second out is within three quarters of it.
    const guard = createGuard(12, giveUp, () => clock.t);
    run(guard, clock, 10, 20);
    expect(guard.stride()).toBe(1);
    expect(giveUp).not.toHaveBeenCalled();
  });
});
