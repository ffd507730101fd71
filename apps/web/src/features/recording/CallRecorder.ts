/**
 * Records the call as this person sees and hears it: the visible video tiles drawn in a grid on a
 * canvas, and every voice (our microphone while unmuted, everyone else's) mixed through Web Audio,
 * into WebM with MediaRecorder. Chunks are kept in memory (one a second) until the recording is
 * saved, so a recording that has to end suddenly (the page closing) keeps all but the last second.
 */

export interface RecorderSources {
  /** The video elements to draw, in layout order; read on every frame. */
  videos(): HTMLVideoElement[];
  /** The sound to mix; read again on every `syncAudio()`. */
  audio(): MediaStream[];
}

export interface RecorderOptions {
  sources: RecorderSources;
  /** Past this many bytes the recording stops by itself (`onLimit`) and is saved. */
  budgetBytes: number;
  onProgress(bytes: number): void;
  onLimit(): void;
  /** Hands the finished file over (to be downloaded). */
  onSaved(file: Blob, durationMs: number): void;
}

/** What the browser can record; the first it supports wins. */
const TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'];
const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 25;
const GAP = 8;
const CHUNK_MS = 1_000;
/** ~1.1 Mbit/s in all: the 500 MB budget holds about an hour. */
const BITRATES = { videoBitsPerSecond: 1_000_000, audioBitsPerSecond: 128_000 };

export function canRecord(): boolean {
  return (
    typeof MediaRecorder !== 'undefined' &&
    typeof AudioContext !== 'undefined' &&
    typeof HTMLCanvasElement.prototype.captureStream === 'function' &&
    TYPES.some((type) => MediaRecorder.isTypeSupported(type))
  );
}

export class CallRecorder {
  private readonly canvas = document.createElement('canvas');
  private readonly audio = new AudioContext();
  private readonly mix = this.audio.createMediaStreamDestination();
  private readonly inputs = new Map<string, MediaStreamAudioSourceNode>();
  private readonly chunks: Blob[] = [];
  private readonly recorder: MediaRecorder;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly startedAt = performance.now();
  private stoppedAt: number | null = null;
  private bytes = 0;
  private finished = false;

  constructor(private readonly options: RecorderOptions) {
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    const video = this.canvas.captureStream(FPS).getVideoTracks();
    this.syncAudio();
    const stream = new MediaStream([...video, ...this.mix.stream.getAudioTracks()]);
    const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    this.recorder = new MediaRecorder(stream, { mimeType, ...BITRATES });
    this.recorder.ondataavailable = ({ data }) => this.collect(data);
    this.recorder.onstop = () => void this.save(true);
    this.draw();
    // Not requestAnimationFrame: it stops in a background tab, and the call goes on there.
    this.timer = setInterval(() => this.draw(), 1000 / FPS);
    void this.audio.resume();
    this.recorder.start(CHUNK_MS);
  }

  /** Connects sound that joined the call and lets go of sound that left it (or was muted). */
  syncAudio(): void {
    const wanted = new Map(this.options.sources.audio().map((stream) => [stream.id, stream]));
    for (const [id, node] of this.inputs) {
      if (wanted.has(id)) continue;
      node.disconnect();
      this.inputs.delete(id);
    }
    for (const [id, stream] of wanted) {
      if (this.inputs.has(id) || stream.getAudioTracks().length === 0) continue;
      const node = this.audio.createMediaStreamSource(stream);
      node.connect(this.mix);
      this.inputs.set(id, node);
    }
  }

  /** Stops; the last chunk arrives, the file gets its duration, then it is saved. */
  stop(): void {
    this.stoppedAt ??= performance.now();
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.release();
  }

  /**
   * For a page that is closing: saves what has arrived so far at once (no later task may run),
   * without the duration in its header (players then find it by reading the file).
   */
  saveNow(): void {
    void this.save(false);
    if (this.recorder.state !== 'inactive') {
      this.recorder.onstop = null;
      this.recorder.stop();
    }
    this.release();
  }

  private collect(data: Blob): void {
    if (data.size === 0 || this.finished) return;
    this.chunks.push(data);
    this.bytes += data.size;
    this.options.onProgress(this.bytes);
    if (this.bytes >= this.options.budgetBytes) {
      this.options.onLimit();
      this.stop();
    }
  }

  private async save(fixDuration: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const durationMs = (this.stoppedAt ?? performance.now()) - this.startedAt;
    let file = new Blob(this.chunks, { type: 'video/webm' });
    if (fixDuration) {
      // MediaRecorder's WebM has no duration: players could not seek it. Loaded only now.
      const { default: fix } = await import('fix-webm-duration');
      file = await fix(file, durationMs, { logger: false }).catch(() => file);
    }
    this.options.onSaved(file, durationMs);
  }

  private release(): void {
    clearInterval(this.timer);
    for (const node of this.inputs.values()) node.disconnect();
    this.inputs.clear();
    for (const track of this.mix.stream.getTracks()) track.stop();
    void this.audio.close().catch(() => undefined);
  }

  /** The videos that show a picture, in a grid of equal cells, each scaled to fit its cell. */
  private draw(): void {
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.fillStyle = '#111';
    context.fillRect(0, 0, WIDTH, HEIGHT);
    const videos = this.options.sources.videos().filter((v) => v.videoWidth > 0 && v.videoHeight > 0);
    if (videos.length === 0) return;
    const columns = Math.ceil(Math.sqrt(videos.length));
    const rows = Math.ceil(videos.length / columns);
    const cellWidth = (WIDTH - GAP * (columns + 1)) / columns;
    const cellHeight = (HEIGHT - GAP * (rows + 1)) / rows;
    videos.forEach((video, index) => {
      const scale = Math.min(cellWidth / video.videoWidth, cellHeight / video.videoHeight);
      const width = video.videoWidth * scale;
      const height = video.videoHeight * scale;
      const x = GAP + (index % columns) * (cellWidth + GAP) + (cellWidth - width) / 2;
      const y = GAP + Math.floor(index / columns) * (cellHeight + GAP) + (cellHeight - height) / 2;
      context.drawImage(video, x, y, width, height);
    });
  }
}
