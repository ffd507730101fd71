import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadStrongNoise, saveStrongNoise } from '../noise';
import { NoiseFilter } from './filter';
import type { NoisePipeline } from './rnnoise';

// Tracks are only passed along here, never played: plain objects stand in for them.
const track = (label: string) => ({ label }) as unknown as MediaStreamTrack;

interface FakePipeline extends NoisePipeline {
  stopped: boolean;
}

/** A pipeline starter whose starts resolve (or fail) when the test says. */
function starter() {
  const pending: Array<{ input: MediaStreamTrack; resolve(): void; reject(error: Error): void }> = [];
  const started: FakePipeline[] = [];
  const start = async (input: MediaStreamTrack) =>
    new Promise<NoisePipeline>((resolve, reject) => {
      pending.push({
        input,
        resolve: () => {
          const pipeline: FakePipeline = {
            track: track(`filtered ${input.label}`),
            stopped: false,
            stop() {
              this.stopped = true;
            },
          };
          started.push(pipeline);
          resolve(pipeline);
        },
        reject,
      });
    });
  return { load: async () => start, pending, started };
}

describe('the noise filter on the microphone', () => {
  it('sends the raw track while off, the filtered one once it runs, and the raw one again when off', async () => {
    const fake = starter();
    const filter = new NoiseFilter(vi.fn(), fake.load);
    const mic = track('mic');
    expect(await filter.apply(mic, false)).toBe(mic);
    expect(filter.sent(mic)).toBe(mic);

    const on = filter.apply(mic, true);
    await vi.waitFor(() => expect(fake.pending).toHaveLength(1));
    fake.pending[0]?.resolve();
    const filtered = await on;
    expect(filtered?.label).toBe('filtered mic');
    expect(filter.sent(mic)).toBe(filtered);

    expect(await filter.apply(mic, false)).toBe(mic);
    expect(fake.started[0]?.stopped).toBe(true);
    expect(filter.sent(mic)).toBe(mic);
  });

  it('replaces the pipeline for a new microphone only once the new one runs', async () => {
    const fake = starter();
    const filter = new NoiseFilter(vi.fn(), fake.load);
    const first = filter.apply(track('one'), true);
    await vi.waitFor(() => expect(fake.pending).toHaveLength(1));
    fake.pending[0]?.resolve();
    await first;

    const second = filter.apply(track('two'), true);
    await vi.waitFor(() => expect(fake.pending).toHaveLength(2));
    expect(fake.started[0]?.stopped).toBe(false);
    fake.pending[1]?.resolve();
    expect((await second)?.label).toBe('filtered two');
    expect(fake.started[0]?.stopped).toBe(true);
  });

  it('drops a slower, older start that lands after a newer change', async () => {
    const fake = starter();
    const filter = new NoiseFilter(vi.fn(), fake.load);
    const older = filter.apply(track('one'), true);
    await vi.waitFor(() => expect(fake.pending).toHaveLength(1));
    const mic = track('two');
    expect(await filter.apply(mic, false)).toBe(mic);
    fake.pending[0]?.resolve();
    expect(await older).toBeUndefined();
    expect(fake.started[0]?.stopped).toBe(true);
    expect(filter.sent(mic)).toBe(mic);
  });

  it('stops what runs, and what was still starting, when the microphone is released', async () => {
    const fake = starter();
    const filter = new NoiseFilter(vi.fn(), fake.load);
    const on = filter.apply(track('mic'), true);
    await vi.waitFor(() => expect(fake.pending).toHaveLength(1));
    filter.stop();
    fake.pending[0]?.resolve();
    expect(await on).toBeUndefined();
    expect(fake.started[0]?.stopped).toBe(true);
  });

  it('sends the raw track and says why where the browser has no AudioWorklet (jsdom has none)', async () => {
    const failed = vi.fn();
    const filter = new NoiseFilter(failed);
    const mic = track('mic');
    expect(await filter.apply(mic, true)).toBe(mic);
    expect(failed).toHaveBeenCalledWith(
      'Stronger noise removal could not start, so it is off. This browser cannot run audio filters (no AudioWorklet).',
    );
  });

  it('says so without details when loading the module or the WebAssembly fails', async () => {
    const failed = vi.fn();
    const filter = new NoiseFilter(failed, () => Promise.reject(new TypeError('Failed to fetch')));
    const mic = track('mic');
    expect(await filter.apply(mic, true)).toBe(mic);
    expect(failed).toHaveBeenCalledWith('Stronger noise removal could not start, so it is off.');
  });
});

describe('the stronger noise suppression choice', () => {
  afterEach(() => localStorage.clear());

  it('is off until chosen, and remembered on this device', () => {
    expect(loadStrongNoise()).toBe(false);
    saveStrongNoise(true);
    expect(loadStrongNoise()).toBe(true);
    saveStrongNoise(false);
    expect(loadStrongNoise()).toBe(false);
  });

  it('is off where storage is blocked', () => {
    const blocked = vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    expect(loadStrongNoise()).toBe(false);
    blocked.mockRestore();
  });
});
