import type { AudioProcessing } from '../store/types';

/*
 * The stronger noise suppression: RNNoise (a small neural network, as WebAssembly in an
 * AudioWorklet) on our microphone before it is sent. It replaces the browser's own noise
 * suppression rather than stacking on it: RNNoise is trained on unprocessed sound, and a second
 * suppressor after the first colours the voice more without removing more noise. So while it is
 * on, the microphone is opened without the browser's; the person's choice for that toggle is kept
 * and applies again when the stronger one is off. Echo cancellation stays the browser's.
 */

/** What to ask the browser's voice processing for, given the person's choices. */
export function browserProcessing(processing: AudioProcessing, strong: boolean): AudioProcessing {
  return strong ? { ...processing, noiseSuppression: false } : processing;
}

/** The pipeline's module: it, its worklet and its WebAssembly load only when the toggle is on. */
export const loadNoisePipeline = () => import('./noise/rnnoise');

const STRONG_KEY = 'parley:strong-noise-suppression';

/** The person's choice, remembered on this device; off where storage is blocked or empty. */
export function loadStrongNoise(): boolean {
  try {
    return localStorage.getItem(STRONG_KEY) === 'on';
  } catch {
    return false;
  }
}

export function saveStrongNoise(on: boolean): void {
  try {
    if (on) localStorage.setItem(STRONG_KEY, 'on');
    else localStorage.removeItem(STRONG_KEY);
  } catch {
    // Not remembered this time.
  }
}
