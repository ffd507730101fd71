import type { BackgroundEffect } from '../background';
import { createSegmenter } from './segmenter';

/*
 * The camera with its background blurred or painted over, as a new track. Loaded on demand (a
 * dynamic import from LocalMedia): the model and its WebAssembly weigh megabytes.
 *
 * Frames come in through insertable streams (MediaStreamTrackProcessor → VideoFrame →
 * MediaStreamTrackGenerator) where the browser has them, else from a <video> drawn on a timer into
 * a canvas whose captureStream is the output. Each frame is composited at once with the latest
 * person mask; the mask itself is refreshed in the background, at most one segmentation at a time,
 * so a slow model lags the outline instead of the picture. A guard watches the frames that go out
 * and segments less often when they fall below MIN_FPS, and gives up (the caller turns the effect
 * off and says why) once even the slowest rate cannot keep up.
 */

export interface BackgroundPipeline {
  /** The processed camera, to preview and send in place of the raw one. */
  readonly track: MediaStreamTrack;
  setEffect(effect: BackgroundEffect): void;
  /** Ends the output track; the input (the camera) is the caller's to stop. */
  stop(): void;
}

export interface PipelineOptions {
  effect: BackgroundEffect;
  /** The guard gave up: the effect costs more than this device can spare. */
  onGiveUp(): void;
}

/** Below this many frames a second going out, the effect is turned down. */
export const MIN_FPS = 15;
/** Segment every Nth frame: the guard's steps, from best to cheapest. */
const STRIDES = [1, 2, 4, 8] as const;
/** At its cheapest step, the guard gives up only below this share of the floor. */
const GIVE_UP_SHARE = 0.8;
/** The guard judges the frame rate over windows this long, after the first (model warm-up). */
const WINDOW_MS = 2_000;
/** The model's input (its landscape variant). */
const MASK_WIDTH = 256;
const MASK_HEIGHT = 144;
/** The blurred background is drawn this small (an eighth of 640x480), blurred, and scaled up. */
const SMALL_WIDTH = 80;
const SMALL_HEIGHT = 60;
const SMALL_BLUR_PX = 2;
export const BACKGROUND_COLOUR = '#2e3a4b';

export async function startBackground(
  input: MediaStreamTrack,
  options: PipelineOptions,
): Promise<BackgroundPipeline> {
  const segmenter = await createSegmenter();
  const sourceFps = input.getSettings().frameRate ?? 24;
  let effect = options.effect;
  let stopped = false;

  const canvas = document.createElement('canvas');
  const ctx = context2d(canvas);
  const modelInput = document.createElement('canvas');
  modelInput.width = MASK_WIDTH;
  modelInput.height = MASK_HEIGHT;
  const modelInputCtx = context2d(modelInput);
  const mask = new OffscreenCanvas(MASK_WIDTH, MASK_HEIGHT).getContext('2d');
  const small = new OffscreenCanvas(SMALL_WIDTH, SMALL_HEIGHT).getContext('2d');
  if (!mask || !small) throw new Error('no 2D canvas');

  let frames = 0;
  let hasMask = false;
  let segmenting = false;
  const guard = createGuard(sourceFps, options.onGiveUp);

  const segment = (frame: CanvasImageSource) => {
    modelInputCtx.drawImage(frame, 0, 0, MASK_WIDTH, MASK_HEIGHT);
    segmenting = true;
    segmenter.segment(modelInput, mask).then(
      () => {
        segmenting = false;
        hasMask = !stopped;
      },
      () => {
        segmenting = false;
      },
    );
  };

  /** Draws one output frame from `frame` (w x h) into the canvas. */
  const draw = (frame: CanvasImageSource, width: number, height: number) => {
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    frames++;
    if (!segmenting && frames % guard.stride() === 0) segment(frame);
    // The person (where the mask is opaque) from the sharp frame; before the first mask, nobody.
    ctx.filter = 'none';
    ctx.globalCompositeOperation = 'copy';
    if (hasMask) {
      ctx.drawImage(mask.canvas, 0, 0, width, height);
      ctx.globalCompositeOperation = 'source-in';
      ctx.drawImage(frame, 0, 0, width, height);
      ctx.globalCompositeOperation = 'destination-over';
    }
    // Then the background behind it.
    if (effect === 'blur') {
      // Blurred small and scaled up: a fraction of the cost of a wide blur at full size.
      small.filter = `blur(${SMALL_BLUR_PX}px)`;
      small.globalCompositeOperation = 'copy';
      // Drawn a little larger, so that the blur does not fade the edges to transparent.
      const m = 2 * SMALL_BLUR_PX;
      small.drawImage(frame, -m, -m, SMALL_WIDTH + 2 * m, SMALL_HEIGHT + 2 * m);
      ctx.imageSmoothingQuality = 'low';
      ctx.drawImage(small.canvas, 0, 0, width, height);
    } else {
      ctx.fillStyle = BACKGROUND_COLOUR;
      ctx.fillRect(0, 0, width, height);
    }
    ctx.filter = 'none';
    ctx.globalCompositeOperation = 'source-over';
    guard.frame();
  };

  const io = hasInsertableStreams()
    ? insertable(input, canvas, draw)
    : fallback(input, canvas, draw, sourceFps);
  const track = await io.start();
  return {
    track,
    setEffect(next) {
      effect = next;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      io.stop();
      track.stop();
      segmenter.close();
    },
  };
}

type Draw = (frame: CanvasImageSource, width: number, height: number) => void;

interface FrameIo {
  start(): Promise<MediaStreamTrack>;
  stop(): void;
}

// Insertable streams for raw video (Chromium); not in TypeScript's DOM library yet.
interface TrackProcessor {
  readable: ReadableStream<VideoFrame>;
}
interface TrackGenerator extends MediaStreamTrack {
  writable: WritableStream<VideoFrame>;
}
interface InsertableStreams {
  MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack }) => TrackProcessor;
  MediaStreamTrackGenerator: new (init: { kind: 'video' }) => TrackGenerator;
}

function hasInsertableStreams(): boolean {
  return 'MediaStreamTrackProcessor' in globalThis && 'MediaStreamTrackGenerator' in globalThis;
}

function insertable(input: MediaStreamTrack, canvas: HTMLCanvasElement, draw: Draw): FrameIo {
  const api = globalThis as unknown as InsertableStreams;
  const reader = new api.MediaStreamTrackProcessor({ track: input }).readable.getReader();
  const generator = new api.MediaStreamTrackGenerator({ kind: 'video' });
  const writer = generator.writable.getWriter();
  let running = true;
  const pump = async () => {
    while (running) {
      const { value: frame, done } = await reader.read();
      if (done || !frame) break;
      try {
        draw(frame, frame.displayWidth, frame.displayHeight);
        const out = new VideoFrame(canvas, { timestamp: frame.timestamp });
        // The generator takes the frame and closes it once sent.
        await writer.write(out);
      } finally {
        frame.close();
      }
    }
  };
  return {
    start: async () => {
      pump().catch(() => generator.stop());
      return generator;
    },
    stop: () => {
      running = false;
      void reader.cancel().catch(() => undefined);
      void writer.close().catch(() => undefined);
    },
  };
}

/** Browsers without insertable streams (Firefox): a <video> drawn on a timer, a canvas's stream out. */
function fallback(input: MediaStreamTrack, canvas: HTMLCanvasElement, draw: Draw, fps: number): FrameIo {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([input]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    if (video.videoWidth > 0) draw(video, video.videoWidth, video.videoHeight);
    timer = setTimeout(tick, 1000 / fps);
  };
  return {
    start: async () => {
      await video.play();
      tick();
      const track = canvas.captureStream(fps).getVideoTracks()[0];
      if (!track) throw new Error('no canvas stream');
      return track;
    },
    stop: () => {
      clearTimeout(timer);
      video.srcObject = null;
    },
  };
}

/**
 * Counts the frames that go out; over each window below the floor (MIN_FPS, or three quarters of
 * a slower camera's rate) the masks are refreshed half as often, and when even the last step stays
 * well under the floor (GIVE_UP_SHARE) it gives up.
 */
export function createGuard(sourceFps: number, giveUp: () => void, now = () => performance.now()) {
  const floor = Math.min(MIN_FPS, sourceFps * 0.75);
  let step = 0;
  let windowStart = now();
  let windowFrames = 0;
  let warmedUp = false;
  let gaveUp = false;
  return {
    stride: () => STRIDES[Math.min(step, STRIDES.length - 1)] ?? 1,
    frame() {
      windowFrames++;
      const time = now();
      if (time - windowStart < WINDOW_MS) return;
      const fps = (windowFrames * 1000) / (time - windowStart);
      windowStart = time;
      windowFrames = 0;
      if (!warmedUp) {
        warmedUp = true;
        return;
      }
      if (fps >= floor || gaveUp) return;
      // At the cheapest step the effect costs little: only well under the floor is it to blame
      // (just under it, a busy machine slows the camera as much as the effect does).
      if (step === STRIDES.length - 1 && fps >= floor * GIVE_UP_SHARE) return;
      step++;
      console.info(`background: ${fps.toFixed(1)} frames/s out, masks every ${STRIDES[step] ?? '-'} frames`);
      if (step >= STRIDES.length) {
        gaveUp = true;
        giveUp();
      }
    },
  };
}

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: false });
  if (!ctx) throw new Error('no 2D canvas');
  return ctx;
}
