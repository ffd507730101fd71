import type { CallStoreApi } from '../../store/callStore';
import { AudioLevels } from './AudioLevels';
import { initialSpeakerState, nextSpeakerState, type SpeakerState, sameSet } from './selection';
import { createSpeakerStore, SELF, type SpeakerStoreApi } from './speakerStore';

export const SPEAKER_TICK_MS = 100;

/**
 * Measures everyone's audio while the call view is shown and publishes who speaks, whose tile is
 * highlighted, and whether we are talking into a muted microphone.
 */
export class ActiveSpeaker {
  readonly store: SpeakerStoreApi = createSpeakerStore();
  private levels: AudioLevels | null = null;
  private state: SpeakerState = initialSpeakerState;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly call: CallStoreApi) {}

  start(): void {
    if (this.timer) return;
    const levels = new AudioLevels();
    this.levels = levels;
    const sync = () => levels.setStreams(this.streams());
    sync();
    this.unsubscribe = this.call.subscribe((s, p) => {
      if (s.peers !== p.peers || s.microphone !== p.microphone) sync();
    });
    this.timer = setInterval(() => this.tick(), SPEAKER_TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.levels?.close();
    this.levels = null;
    this.state = initialSpeakerState;
    this.store.getState().reset();
  }

  private streams(): Map<string, MediaStream> {
    const { peers, microphone } = this.call.getState();
    const streams = new Map<string, MediaStream>();
    if (microphone) streams.set(SELF, microphone);
    for (const peer of peers.values()) if (peer.audio) streams.set(peer.peerId, peer.audio);
    return streams;
  }

  private tick(): void {
    if (!this.levels) return;
    const { media, peers } = this.call.getState();
    // A muted person may not take the highlight, however loud the room around them is.
    const eligible = (id: string) => (id === SELF ? media.audio : (peers.get(id)?.media.audio ?? false));
    this.state = nextSpeakerState(this.state, this.levels.read(), eligible);
    const view = this.store.getState();
    const mutedSpeech = !media.audio && this.state.speaking.has(SELF);
    if (
      view.active !== this.state.active ||
      view.mutedSpeech !== mutedSpeech ||
      !sameSet(view.speaking, this.state.speaking)
    ) {
      view.set({ speaking: this.state.speaking, active: this.state.active, mutedSpeech });
    }
  }
}
