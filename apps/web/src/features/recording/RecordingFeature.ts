import type { CallFeature } from '../../rtc/CallFeature';
import { CONTROL_CHANNEL } from '../../rtc/PeerLink';
import type { CallStoreApi } from '../../store/callStore';
import type { ControlChannels } from '../control/ControlChannels';
import { CallRecorder, canRecord } from './CallRecorder';
import type { RecordingMessage } from './recordingMessage';
import { createRecordingStore, type RecordingStoreApi } from './recordingStore';

/** A recording stops by itself at this size (and is saved): it lives in this tab's memory. */
export const RECORDING_BUDGET_BYTES = 500 * 1024 * 1024;

/**
 * Local recording that everyone knows about. Starting it tells every participant over the control
 * channel (and each newcomer while it lasts); they show "<name> is recording". It stops, and the
 * file is downloaded, when the person stops it, leaves, closes the page, or reaches the budget.
 */
export class RecordingFeature implements CallFeature {
  readonly store: RecordingStoreApi = createRecordingStore();
  private recorder: CallRecorder | null = null;
  private offCall: (() => void) | null = null;
  private readonly onPageHide = () => this.recorder?.saveNow();
  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();

  constructor(
    private readonly call: CallStoreApi,
    private readonly control: ControlChannels,
  ) {
    control.on('recording', (peerId, message, validators) => {
      const parsed = validators.parseRecordingMessage(message);
      if (parsed) this.store.getState().setOther(peerId, parsed.active);
    });
  }

  readonly supported = canRecord();

  /** Starts recording what `videos()` shows and the call's sound; tells everyone first. */
  start(videos: () => HTMLVideoElement[]): void {
    if (this.recorder || !this.supported) return;
    this.announce(true);
    this.recorder = new CallRecorder({
      sources: { videos, audio: () => this.audioStreams() },
      budgetBytes: RECORDING_BUDGET_BYTES,
      onProgress: (bytes) => {
        const self = this.store.getState().self;
        if (self) this.store.getState().setSelf({ ...self, bytes });
      },
      onLimit: () => {
        this.store.getState().setEnded('budget');
        this.finish();
      },
      onSaved: (file) => download(file, this.fileName()),
    });
    this.store.getState().setSelf({ startedAt: Date.now(), bytes: 0 });
    this.store.getState().setEnded(null);
    this.offCall = this.call.subscribe((now, before) => {
      if (now.peers !== before.peers || now.microphone !== before.microphone || now.media !== before.media) {
        this.recorder?.syncAudio();
      }
    });
    // Capture: before the room page's own pagehide handler releases the call.
    window.addEventListener('pagehide', this.onPageHide, { capture: true });
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  stop(): void {
    if (!this.recorder) return;
    this.recorder.stop();
    this.finish();
  }

  toggle(videos: () => HTMLVideoElement[]): void {
    if (this.recorder) this.stop();
    else this.start(videos);
  }

  dismissEnded(): void {
    this.store.getState().setEnded(null);
  }

  /** A newcomer's control channel: tell them at once if we are recording. */
  channel(peerId: string, channel: RTCDataChannel): void {
    if (channel.label !== CONTROL_CHANNEL.label || !this.recorder) return;
    const message: RecordingMessage = { type: 'recording', active: true };
    this.control.send(peerId, message);
  }

  linkRemoved(peerId: string): void {
    this.store.getState().setOther(peerId, false);
  }

  /** Leaving (or the page closing) stops the recording; what was recorded is saved. */
  dispose(): void {
    this.stop();
    this.store.getState().reset();
  }

  private finish(): void {
    this.recorder = null;
    this.offCall?.();
    this.offCall = null;
    window.removeEventListener('pagehide', this.onPageHide, { capture: true });
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.store.getState().setSelf(null);
    this.announce(false);
  }

  private announce(active: boolean): void {
    const message: RecordingMessage = { type: 'recording', active };
    this.control.broadcast(message);
  }

  /** Our microphone while it is on, and everyone else's sound. */
  private audioStreams(): MediaStream[] {
    const { microphone, media, peers } = this.call.getState();
    const streams = [...peers.values()].flatMap((peer) => (peer.audio ? [peer.audio] : []));
    return media.audio && microphone ? [microphone, ...streams] : streams;
  }

  private fileName(): string {
    const stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-');
    return `parley-${this.call.getState().roomId ?? 'call'}-${stamp}.webm`;
  }
}

function download(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Long enough for the download to start, even from a page that is going away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
