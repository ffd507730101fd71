import { loadNoisePipeline } from '../noise';
import type { NoisePipeline } from './rnnoise';

type Start = (input: MediaStreamTrack) => Promise<NoisePipeline>;

/** Why the pipeline cannot run here, in words for the person. */
class NoiseUnavailable extends Error {
  override name = 'NoiseUnavailable';
}

/** The pipeline's starter; its module needs AudioWorkletNode as it loads, so that is checked first. */
const loadStart = async (): Promise<Start> => {
  if (typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined') {
    throw new NoiseUnavailable('This browser cannot run audio filters (no AudioWorklet).');
  }
  return (await loadNoisePipeline()).startNoiseSuppression;
};

/**
 * The microphone as it is sent: the device's track, or that track through RNNoise while the
 * stronger noise suppression is on. One pipeline at most; a new one replaces the old once it
 * runs, so what is sent never goes silent in between. Changes that overlap (a device switch while
 * the model loads) are settled by order: a slower, older one is dropped when it lands.
 */
export class NoiseFilter {
  private pipeline: NoisePipeline | null = null;
  private ticket = 0;

  constructor(
    /** The pipeline could not start; `reason` says why, in words for the person. */
    private readonly failed: (reason: string) => void,
    private readonly start: () => Promise<Start> = loadStart,
  ) {}

  /** What to send for `raw` now: the filtered track while one runs, else `raw`. */
  sent(raw: MediaStreamTrack | null): MediaStreamTrack | null {
    return this.pipeline?.track ?? raw;
  }

  /**
   * Filters `raw` (on) or not (off) and resolves what to send; undefined when a later call
   * overtook this one. If the filter cannot start, `raw` is sent and `failed` is told.
   */
  async apply(raw: MediaStreamTrack | null, on: boolean): Promise<MediaStreamTrack | null | undefined> {
    const ticket = ++this.ticket;
    let next: NoisePipeline | null = null;
    if (on && raw) {
      try {
        next = await (await this.start())(raw);
      } catch (error) {
        if (ticket === this.ticket) this.failed(describe(error));
      }
    }
    if (ticket !== this.ticket) {
      next?.stop();
      return undefined;
    }
    this.pipeline?.stop();
    this.pipeline = next;
    return this.sent(raw);
  }

  /** Stops the filter (the microphone is released); anything still loading is dropped. */
  stop(): void {
    this.ticket++;
    this.pipeline?.stop();
    this.pipeline = null;
  }
}

function describe(error: unknown): string {
  const why = error instanceof NoiseUnavailable ? ` ${error.message}` : '';
  return `Stronger noise removal could not start, so it is off.${why}`;
}
