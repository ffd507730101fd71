import type { Locator } from '@playwright/test';

/*
 * What a `<video>` shows, measured in the page: drawn at a fixed 320x240 (the encoder may send a
 * smaller picture under load), the median of five frames 150 ms apart. Used to tell a painted
 * background at the receiver from the raw camera (background.spec.ts). Kept lean: the measuring
 * page shares two cores with the sender's background pipeline.
 */

export interface Colour {
  /** Mean red, green and blue, 0-255. */
  mean: [number, number, number];
  /** Variance of the luminance: near 0 for a flat colour. */
  variance: number;
}

/** The mean colour and luminance variance of the picture (away from its border), the median of five frames. */
export function colourOf(video: Locator): Promise<Colour> {
  return video.evaluate(async (element) => {
    if (!(element instanceof HTMLVideoElement)) throw new Error('expected a <video>');
    const width = 320;
    const height = 240;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas');
    const samples: Colour[] = [];
    for (let sample = 0; sample < 5; sample++) {
      ctx.drawImage(element, 0, 0, width, height);
      const { data } = ctx.getImageData(8, 8, width - 16, height - 16);
      let r = 0;
      let g = 0;
      let b = 0;
      let sumSquares = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const [red, green, blue] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        r += red;
        g += green;
        b += blue;
        const luma = 0.299 * red + 0.587 * green + 0.114 * blue;
        sumSquares += luma * luma;
      }
      const meanLuma = 0.299 * (r / n) + 0.587 * (g / n) + 0.114 * (b / n);
      samples.push({ mean: [r / n, g / n, b / n], variance: sumSquares / n - meanLuma ** 2 });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    samples.sort((x, y) => x.variance - y.variance);
    return samples[2] ?? { mean: [0, 0, 0], variance: 0 };
  });
}

/** The largest difference, over red, green and blue, between two mean colours. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(...[0, 1, 2].map((c) => Math.abs((a[c] ?? 0) - (b[c] ?? 0))));
}

/** `#rrggbb` as [r, g, b]. */
export function rgbOf(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
