import { loadRnnoise, RnnoiseWorkletNode } from '@sapphi-red/web-noise-suppressor';
import workletUrl from '@sapphi-red/web-noise-suppressor/rnnoiseWorklet.js?url';
import wasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise.wasm?url';
import simdUrl from '@sapphi-red/web-noise-suppressor/rnnoise_simd.wasm?url';

/*
 * The microphone through RNNoise, as a new track. Loaded on demand (a dynamic import from
 * LocalMedia): this module, the worklet and the WebAssembly (about 150 KB) come from our own
 * server only once someone turns the stronger noise suppression on.
 *
 * microphone track → MediaStreamAudioSourceNode → RnnoiseWorkletNode → MediaStreamAudioDestinationNode
 * in an AudioContext at 48 kHz, the one rate RNNoise works at (it takes 480-sample frames, 10 ms).
 * Mono in, mono out: a voice needs one channel, and each channel costs a network of its own.
 */

export interface NoisePipeline {
  /** The cleaned microphone, to send in place of the raw one. */
  readonly track: MediaStreamTrack;
  /** Ends the output track and closes the audio graph; the input is the caller's to stop. */
  stop(): void;
}

const SAMPLE_RATE = 48_000;

/** The WebAssembly, fetched once per page (the SIMD build where the browser has SIMD). */
let wasm: Promise<ArrayBuffer> | null = null;

export async function startNoiseSuppression(input: MediaStreamTrack): Promise<NoisePipeline> {
  const context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
  const stopResuming = resumeWhenAllowed(context);
  try {
    wasm ??= loadRnnoise({ url: wasmUrl, simdUrl }).catch((error: unknown) => {
      wasm = null;
      throw error;
    });
    const [wasmBinary] = await Promise.all([wasm, context.audioWorklet.addModule(workletUrl)]);
    const source = context.createMediaStreamSource(new MediaStream([input]));
    // The binary is copied into the worklet (structured clone), so the cached one stays usable.
    const rnnoise = new RnnoiseWorkletNode(context, { wasmBinary, maxChannels: 1 });
    rnnoise.channelCount = 1;
    rnnoise.channelCountMode = 'explicit';
    const destination = context.createMediaStreamDestination();
    destination.channelCount = 1;
    source.connect(rnnoise).connect(destination);
    const track = destination.stream.getAudioTracks()[0];
    if (!track) throw new Error('no output track');
    return {
      track,
      stop() {
        stopResuming();
        source.disconnect();
        rnnoise.disconnect();
        rnnoise.destroy();
        track.stop();
        void context.close().catch(() => undefined);
      },
    };
  } catch (error) {
    stopResuming();
    void context.close().catch(() => undefined);
    throw error;
  }
}

/**
 * An AudioContext made before the page had a click or key press starts suspended (autoplay
 * rules), which would send silence: it is resumed now, and again on the next gesture if needed.
 */
function resumeWhenAllowed(context: AudioContext): () => void {
  const resume = () => {
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
  };
  const events = ['pointerdown', 'keydown'] as const;
  for (const event of events) document.addEventListener(event, resume, { capture: true });
  resume();
  return () => {
    for (const event of events) document.removeEventListener(event, resume, { capture: true });
  };
}
