import type { Options as SolutionOptions, SelfieSegmentation } from '@mediapipe/selfie_segmentation';
import { withTimeout } from '../../util/withTimeout';

/** An option the package's types leave out (its graph has it). */
type Options = SolutionOptions & { useCpuInference?: boolean };

/** Where the build puts the model and its WebAssembly (vite.config.ts): our own origin, no CDN. */
const FILES = `${import.meta.env.BASE_URL}mediapipe/`;

/** Finds people in a picture: the mask is opaque where someone is, transparent elsewhere. */
export interface Segmenter {
  /** Segments `image` and draws the result into `mask` (scaled to its size). */
  segment(image: HTMLCanvasElement, mask: OffscreenCanvasRenderingContext2D): Promise<void>;
  close(): void;
}

type SelfieSegmentationClass = typeof SelfieSegmentation;

/** How long the model may take to start before the effect gives up. */
const STARTUP_TIMEOUT_MS = 20_000;

/**
 * MediaPipe's graph draws its mask through WebGL2 even with CPU inference; without it (e.g.
 * headless Firefox) initialisation never finishes and can freeze the page, so check first.
 */
function hasWebGl2(): boolean {
  try {
    return new OffscreenCanvas(1, 1).getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

/**
 * MediaPipe's selfie segmentation (its landscape model, 256x144), loaded on first use. The
 * package is a classic script that defines a global, so it is imported for that side effect.
 */
export async function createSegmenter(): Promise<Segmenter> {
  if (!hasWebGl2()) throw new Error('the segmentation model needs WebGL2');
  const module = (await import('@mediapipe/selfie_segmentation')) as {
    SelfieSegmentation?: SelfieSegmentationClass;
  };
  const Solution =
    module.SelfieSegmentation ??
    (globalThis as { SelfieSegmentation?: SelfieSegmentationClass }).SelfieSegmentation;
  if (!Solution) throw new Error('the segmentation model did not load');
  const solution = new Solution({ locateFile: (file) => FILES + file });
  // Inference on the CPU (WebAssembly SIMD): this small model runs faster there than through
  // WebGL on most machines, and does not depend on a GPU (software WebGL is 10x slower).
  solution.setOptions({ modelSelection: 1, selfieMode: false, useCpuInference: true } as Options);
  let target: OffscreenCanvasRenderingContext2D | null = null;
  solution.onResults(({ segmentationMask }) => {
    if (!target) return;
    target.globalCompositeOperation = 'copy';
    target.drawImage(segmentationMask, 0, 0, target.canvas.width, target.canvas.height);
  });
  try {
    await withTimeout(solution.initialize(), STARTUP_TIMEOUT_MS, 'the segmentation model did not start');
  } catch (error) {
    void solution.close().catch(() => undefined);
    throw error;
  }
  return {
    async segment(image, mask) {
      target = mask;
      try {
        await solution.send({ image });
      } finally {
        target = null;
      }
    },
    close: () => void solution.close().catch(() => undefined),
  };
}
