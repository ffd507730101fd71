import { levelFromRms } from './selection';

interface Meter {
  stream: MediaStream;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
}

/**
 * One AudioContext with an AnalyserNode per stream; `read()` gives each stream's level now.
 * Nothing is connected to the speakers: the analysers only listen. (Chrome only feeds a remote
 * WebRTC stream into Web Audio while the stream also plays in a media element; RemoteAudio does.)
 */
export class AudioLevels {
  private context: AudioContext | null = null;
  private readonly meters = new Map<string, Meter>();
  private buffer = new Float32Array(0);

  /** Makes the set of measured streams match `streams` (by id: 'self' or a peer id). */
  setStreams(streams: ReadonlyMap<string, MediaStream>): void {
    for (const [id, meter] of this.meters) {
      if (streams.get(id) !== meter.stream) this.detach(id, meter);
    }
    for (const [id, stream] of streams) {
      if (this.meters.has(id) || stream.getAudioTracks().length === 0) continue;
      const context = this.ensureContext();
      if (!context) return;
      try {
        const source = context.createMediaStreamSource(stream);
        const analyser = context.createAnalyser();
        analyser.fftSize = 1024;
        source.connect(analyser);
        this.meters.set(id, { stream, source, analyser });
      } catch {
        // A stream without a live audio track cannot be measured; it counts as silent.
      }
    }
  }

  read(): Map<string, number> {
    const levels = new Map<string, number>();
    if (this.context?.state === 'suspended') void this.context.resume().catch(() => undefined);
    for (const [id, { analyser }] of this.meters) {
      if (this.buffer.length !== analyser.fftSize) this.buffer = new Float32Array(analyser.fftSize);
      analyser.getFloatTimeDomainData(this.buffer);
      let sum = 0;
      for (const sample of this.buffer) sum += sample * sample;
      levels.set(id, levelFromRms(Math.sqrt(sum / this.buffer.length)));
    }
    return levels;
  }

  close(): void {
    for (const [id, meter] of this.meters) this.detach(id, meter);
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private ensureContext(): AudioContext | null {
    if (this.context) return this.context;
    if (typeof AudioContext === 'undefined') return null;
    this.context = new AudioContext();
    return this.context;
  }

  private detach(id: string, meter: Meter): void {
    meter.source.disconnect();
    meter.analyser.disconnect();
    this.meters.delete(id);
  }
}
