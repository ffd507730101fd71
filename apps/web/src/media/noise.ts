/*
 * The stronger noise suppression: RNNoise (a small neural network, as WebAssembly in an
 * AudioWorklet) on our microphone before it is sent, after the browser's own processing. The two
 * stack rather than one replacing the other: each toggle does what it says, and together they
 * remove the most. Measured on Chromium with steady white noise as the microphone (-40 dBFS, after
 * a few seconds): the browser's suppression alone kept about 1/4 of the energy, RNNoise alone
 * 1/50, both 1/1300. Someone who hears their voice coloured can turn the browser's off in the same place.
 */

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
