import type { CallStoreApi } from '../../store/callStore';
import type { DeviceOption } from '../../store/types';
import { createDeviceStore, type DeviceStoreApi } from './deviceStore';
import { isGone, lostMessage, speakerLostMessage } from './fallback';

type Kind = 'camera' | 'microphone';

/** What the watcher asks of whoever owns the devices (local media, through the controller). */
export interface DeviceSwitcher {
  selectCamera(deviceId: string): Promise<void>;
  selectMicrophone(deviceId: string): Promise<void>;
  toggleCamera(): Promise<void>;
}

/**
 * Keeps the call going when a device in use disappears: the camera or microphone falls back to
 * the default one (replaceTrack through the controller, no renegotiation), the speaker to the
 * system output, and the person is told what happened. Runs while the call view is shown.
 */
export class DeviceWatcher {
  readonly store: DeviceStoreApi = createDeviceStore();
  private cleanups: Array<() => void> = [];
  /** Tracks already handled, so one unplug is one fallback. */
  private readonly handled = new WeakSet<MediaStreamTrack>();

  constructor(
    private readonly call: CallStoreApi,
    private readonly controller: DeviceSwitcher,
  ) {}

  start(): void {
    if (this.cleanups.length > 0) return;
    const onEnded = (kind: Kind) => () => this.check(kind);
    let watched: Array<[MediaStreamTrack, () => void]> = [];
    const watchTracks = () => {
      for (const [track, listener] of watched) track.removeEventListener('ended', listener);
      const { camera, microphone } = this.call.getState();
      watched = [];
      for (const [kind, stream] of [
        ['camera', camera],
        ['microphone', microphone],
      ] as const) {
        const track = stream?.getTracks()[0];
        if (!track) continue;
        const listener = onEnded(kind);
        track.addEventListener('ended', listener);
        watched.push([track, listener]);
      }
    };
    watchTracks();
    const unsubscribe = this.call.subscribe((s, p) => {
      if (s.camera !== p.camera || s.microphone !== p.microphone) watchTracks();
      if (s.cameras !== p.cameras) this.check('camera');
      if (s.microphones !== p.microphones) this.check('microphone');
      if (s.speakers !== p.speakers) this.checkSpeaker(p.speakers, s.speakers);
    });
    this.cleanups = [
      unsubscribe,
      () => {
        for (const [track, listener] of watched) track.removeEventListener('ended', listener);
      },
    ];
  }

  stop(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  setSpeaker(deviceId: string): void {
    this.store.getState().setSpeaker(deviceId);
  }

  dismissNotice(): void {
    this.store.getState().setNotice(null);
  }

  private check(kind: Kind): void {
    const state = this.call.getState();
    const stream = kind === 'camera' ? state.camera : state.microphone;
    const list = kind === 'camera' ? state.cameras : state.microphones;
    const track = stream?.getTracks()[0] ?? null;
    if (!track || this.handled.has(track) || !isGone(track, list)) return;
    this.handled.add(track);
    void this.fallBack(kind, track);
  }

  private async fallBack(kind: Kind, track: MediaStreamTrack): Promise<void> {
    const gone = track.getSettings().deviceId;
    const label = track.label;
    const state = this.call.getState();
    const others = (kind === 'camera' ? state.cameras : state.microphones).filter((d) => d.deviceId !== gone);
    if (others.length === 0 && kind === 'camera') {
      await this.controller.toggleCamera();
      this.store.getState().setNotice(lostMessage({ kind, label, fallback: false }, null));
      return;
    }
    if (others.length === 0) {
      this.store.getState().setNotice(lostMessage({ kind, label, fallback: false }, null));
      return;
    }
    // '' asks for the default device, which the browser picks among those still there.
    if (kind === 'camera') await this.controller.selectCamera('');
    else await this.controller.selectMicrophone('');
    const after = this.call.getState();
    const nowId = kind === 'camera' ? after.cameraId : after.microphoneId;
    const now = (kind === 'camera' ? after.cameras : after.microphones).find((d) => d.deviceId === nowId);
    this.store.getState().setNotice(lostMessage({ kind, label, fallback: true }, now?.label ?? null));
  }

  /** The chosen speaker was unplugged: sound goes back to the system output, and we say so. */
  private checkSpeaker(before: DeviceOption[], now: DeviceOption[]): void {
    const chosen = this.store.getState().speakerId;
    if (chosen === '' || now.some((s) => s.deviceId === chosen)) return;
    const label = before.find((s) => s.deviceId === chosen)?.label ?? '';
    this.store.getState().setSpeaker('');
    this.store.getState().setNotice(speakerLostMessage(label));
  }
}
