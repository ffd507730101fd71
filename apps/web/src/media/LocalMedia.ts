import type { MediaState } from '@parley/protocol';
import type { CallStoreApi } from '../store/callStore';
import type { AudioProcessing } from '../store/types';
import type { Slot } from '../rtc/slots';
import { Emitter } from '../util/Emitter';
import { type Background, loadBackgroundPipeline } from './background';
import type { BackgroundPipeline } from './background/pipeline';
import * as devices from './devices';
import { DeviceError, describeDeviceProblem } from './MediaError';
import { saveStrongNoise } from './noise';
import { NoiseFilter } from './noise/filter';

export type Devices = typeof devices;
type Device = 'camera' | 'microphone';

export interface LocalMediaEvents {
  /** What we send of one kind changed (null: send nothing of it). */
  send(kind: Slot, track: MediaStreamTrack | null): void;
  /** What we tell others we send changed (store's `media`). */
  published(media: MediaState): void;
}

/**
 * Owns this participant's camera, microphone and screen: the lobby preview, the in-call toggles,
 * device switches, and the lists of cameras, microphones and speakers (one `devicechange`
 * listener for all of them). Keeps the store's local slice current and says, through `send`,
 * what should go out on the peer connections; it never sees one.
 */
export class LocalMedia extends Emitter<LocalMediaEvents> {
  /** The preview's device requests: a quick Join must not find the microphone still opening. */
  private preview: Promise<void> = Promise.resolve();
  private offDeviceChange: (() => void) | null = null;
  /** Bumped on dispose: a device that opens afterwards is closed at once. */
  private generation = 0;
  /** The camera as it opened; the store's `camera` is what is shown and sent (maybe processed). */
  private rawCamera: MediaStream | null = null;
  /** The background effect on the camera, while one is chosen and the camera is on. */
  private background: BackgroundPipeline | null = null;
  /** Bumped by each change of camera or background: a slower, older one is dropped when it lands. */
  private backgroundTicket = 0;
  /** RNNoise on the microphone while chosen: the store's `microphone` stays the device's own. */
  private readonly noise = new NoiseFilter((reason) => {
    this.state.setStrongNoise(false, reason);
    saveStrongNoise(false);
  });

  constructor(
    private readonly store: CallStoreApi,
    private readonly devices: Devices,
  ) {
    super();
  }

  private get state() {
    return this.store.getState();
  }

  /** Opens the preview and starts following the device lists. */
  start(): Promise<void> {
    this.offDeviceChange ??= this.devices.onDeviceChange(() => void this.refreshDevices());
    this.preview = this.startPreview();
    return this.preview;
  }

  /** Resolves when the preview's devices have opened (or failed), or after `timeoutMs`. */
  ready(timeoutMs: number): Promise<void> {
    return Promise.race([this.preview, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
  }

  /** What we send, as the server should announce it: only devices that actually opened. */
  sending(): MediaState {
    const { media, microphone, camera, screen } = this.state;
    return { audio: media.audio && microphone !== null, video: camera !== null, screen: screen !== null };
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.state.selectDevices({ cameraId: deviceId });
    if (this.state.camera || this.state.media.video) await this.open('camera');
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    this.state.selectDevices({ microphoneId: deviceId });
    if (this.state.microphone || this.state.media.audio) await this.open('microphone');
  }

  /** In the lobby: choose whether to join with microphone or camera, releasing what is turned off. */
  async setLobbyDevice(device: Device, on: boolean): Promise<void> {
    this.state.setMedia(device === 'camera' ? { video: on } : { audio: on });
    if (on) {
      await this.open(device);
      return;
    }
    if (device === 'camera') this.releaseCamera();
    else {
      this.noise.stop();
      devices.stopStream(this.state.microphone);
      this.state.setLocalStreams({ microphone: null });
    }
    this.emit('send', device === 'camera' ? 'camera' : 'audio', null);
  }

  /**
   * Blur or paint over the camera's background (or not): the processed track replaces the camera
   * on every link without renegotiating, and in the preview. The model loads on first use.
   */
  async setBackground(background: Background): Promise<void> {
    this.state.setBackground(background);
    if (background !== 'none' && this.background) {
      this.background.setEffect(background);
      return;
    }
    const raw = this.rawCamera;
    if (!raw) return;
    const shown = await this.withBackground(raw);
    if (shown) this.show(shown);
  }

  /**
   * Turns the browser's noise suppression or echo cancellation on or off. A live microphone gets
   * the new constraints in place where the browser can; otherwise it is opened again with them (and
   * sent instead of the old one). Chromium processes a device once for all its open tracks, so the
   * old one is released first.
   */
  async setAudioProcessing(change: Partial<AudioProcessing>): Promise<void> {
    const processing = { ...this.state.audioProcessing, ...change };
    this.state.setAudioProcessing(processing);
    this.devices.saveAudioProcessing(processing);
    const microphone = this.state.microphone;
    const track = microphone?.getAudioTracks()[0];
    if (!track) return;
    await track.applyConstraints({ ...track.getConstraints(), ...processing }).catch(() => undefined);
    const now = track.getSettings();
    const applied = Object.entries(processing).every(([key, on]) => now[key as keyof AudioProcessing] === on);
    if (applied || this.state.microphone !== microphone) return;
    devices.stopStream(microphone);
    await this.open('microphone');
  }

  /**
   * Turns RNNoise on the microphone on or off (after the browser's own processing, see noise.ts):
   * the filtered track replaces the raw one on every link without renegotiating.
   */
  async setStrongNoise(on: boolean): Promise<void> {
    this.state.setStrongNoise(on);
    saveStrongNoise(on);
    const sent = await this.noise.apply(this.state.microphone?.getAudioTracks()[0] ?? null, on);
    if (sent && this.state.media.audio) this.emit('send', 'audio', sent);
  }

  async toggleMicrophone(): Promise<void> {
    const { microphone, media } = this.state;
    const track = microphone?.getAudioTracks()[0];
    if (track && track.readyState === 'live') {
      // Muted sends nothing, but the track stays live and enabled so the speaker detector can
      // still say "you're muted" when it hears speech.
      this.emit('send', 'audio', media.audio ? null : this.noise.sent(track));
      this.publish({ audio: !media.audio });
      return;
    }
    this.state.setMedia({ audio: true });
    if (await this.open('microphone')) this.publish({ audio: true });
  }

  async toggleCamera(): Promise<void> {
    if (this.rawCamera) {
      // Off means the device is released: the camera light goes out.
      this.releaseCamera();
      this.emit('send', 'camera', null);
      this.publish({ video: false });
      return;
    }
    this.state.setMedia({ video: true });
    if (await this.open('camera')) this.publish({ video: true });
  }

  async toggleScreen(): Promise<void> {
    if (this.state.screen) {
      this.stopScreen();
      return;
    }
    let stream: MediaStream | null;
    try {
      stream = await this.devices.openScreen();
    } catch {
      this.state.setProblem({
        reason: 'screen-share-failed',
        message: 'Your screen could not be shared. Try again, or pick another window.',
      });
      return;
    }
    if (!stream) return;
    const track = stream.getVideoTracks()[0] ?? null;
    // The browser's own "Stop sharing" button ends the track; treat it like our button.
    if (track) track.onended = () => this.stopScreen();
    this.state.setScreen(stream);
    this.emit('send', 'screen', track);
    this.publish({ screen: true });
  }

  /**
   * A host turned off our microphone or stopped our screen share: off, as if we had pressed the
   * button ourselves (and we can turn the microphone back on the same way).
   */
  turnOff(kind: 'audio' | 'screen'): void {
    if (kind === 'screen') {
      this.stopScreen();
      return;
    }
    if (!this.state.media.audio) return;
    this.emit('send', 'audio', null);
    this.publish({ audio: false });
  }

  /** Releases every device; the lists stop being followed. */
  dispose(): void {
    this.generation++;
    for (const device of ['camera', 'microphone'] as const) {
      this.devices.takeEarly(device)?.then(devices.stopStream, () => undefined);
    }
    this.offDeviceChange?.();
    this.offDeviceChange = null;
    const { microphone, screen } = this.state;
    this.releaseCamera();
    this.noise.stop();
    devices.stopStream(microphone);
    devices.stopStream(screen);
    this.state.setLocalStreams({ microphone: null });
    this.state.setScreen(null);
    this.removeAllListeners();
  }

  /** Opens camera and microphone for the preview; each one that fails is explained on its own. */
  private async startPreview(): Promise<void> {
    const { media } = this.state;
    await Promise.all([
      media.video ? this.open('camera') : Promise.resolve(),
      media.audio ? this.open('microphone') : Promise.resolve(),
    ]);
    await this.refreshDevices();
  }

  private stopScreen(): void {
    const screen = this.state.screen;
    if (!screen) return;
    devices.stopStream(screen);
    this.state.setScreen(null);
    this.emit('send', 'screen', null);
    this.publish({ screen: false });
  }

  private publish(change: Partial<MediaState>): void {
    this.state.setMedia(change);
    this.emit('published', this.state.media);
  }

  /**
   * Opens (or re-opens, on a device switch) camera or microphone and sends it. A failure is
   * reported in words; a device that was working before keeps working.
   */
  private async open(device: Device): Promise<boolean> {
    const generation = this.generation;
    const isCamera = device === 'camera';
    const wanted = isCamera ? this.state.cameraId : this.state.microphoneId;
    const previous = isCamera ? this.rawCamera : this.state.microphone;
    let stream: MediaStream;
    try {
      const early = wanted ? null : this.devices.takeEarly(device);
      stream = await (early ??
        (isCamera
          ? this.devices.openCamera(wanted)
          : this.devices.openMicrophone(wanted, this.state.audioProcessing)));
    } catch (error) {
      if (generation !== this.generation) return false;
      const reason = error instanceof DeviceError ? error.reason : 'unknown';
      this.state.setDeviceProblem(device, { reason, message: describeDeviceProblem(reason, device) });
      if (!previous) this.state.setMedia(isCamera ? { video: false } : { audio: false });
      return false;
    }
    if (generation !== this.generation) {
      devices.stopStream(stream);
      return false;
    }
    this.state.setDeviceProblem(device, null);
    const id = devices.deviceIdOf(stream);
    this.state.selectDevices(isCamera ? { cameraId: id } : { microphoneId: id });
    if (isCamera) {
      this.rawCamera = stream;
      const shown = await this.withBackground(stream);
      // A newer camera or background landed first: this one is not needed any more.
      if (this.rawCamera !== stream) devices.stopStream(stream);
      if (previous !== stream) devices.stopStream(previous);
      if (shown && this.rawCamera === stream) this.show(shown);
      return true;
    }
    devices.stopStream(previous);
    this.state.setLocalStreams({ microphone: stream });
    const sent = await this.noise.apply(stream.getTracks()[0] ?? null, this.state.strongNoise);
    // A muted microphone stays muted across a device switch: nothing is sent.
    if (sent !== undefined) this.emit('send', 'audio', this.state.media.audio ? sent : null);
    return true;
  }

  /** Shows and sends `camera` (the raw or the processed one). */
  private show(camera: MediaStream): void {
    this.state.setLocalStreams({ camera });
    this.emit('send', 'camera', camera.getVideoTracks()[0] ?? null);
  }

  /**
   * `raw` with the chosen background applied (a new pipeline; the old one stops once it is in
   * place), or `raw` itself for none, or if the effect cannot start (the person is told).
   * Undefined when a later change overtook this one.
   */
  private async withBackground(raw: MediaStream): Promise<MediaStream | undefined> {
    const ticket = ++this.backgroundTicket;
    const effect = this.state.background;
    const track = raw.getVideoTracks()[0];
    let next: BackgroundPipeline | null = null;
    if (effect !== 'none' && track) {
      try {
        const { startBackground } = await loadBackgroundPipeline();
        next = await startBackground(track, { effect, onGiveUp: () => void this.backgroundGaveUp() });
      } catch {
        if (ticket === this.backgroundTicket) {
          this.state.setBackground('none', 'The background effect could not start in this browser.');
        }
      }
    }
    if (ticket !== this.backgroundTicket) {
      next?.stop();
      return undefined;
    }
    this.background?.stop();
    this.background = next;
    return next ? new MediaStream([next.track]) : raw;
  }

  /** The frame-rate guard gave up: back to the plain camera, and say why. */
  private async backgroundGaveUp(): Promise<void> {
    this.state.setBackground(
      'none',
      'Background effect turned off: this device could not keep up with it without slowing your video.',
    );
    const raw = this.rawCamera;
    const shown = raw && (await this.withBackground(raw));
    if (shown) this.show(shown);
  }

  /** Stops the camera and its background effect; nothing is shown. */
  private releaseCamera(): void {
    this.backgroundTicket++;
    this.background?.stop();
    this.background = null;
    devices.stopStream(this.rawCamera);
    this.rawCamera = null;
    this.state.setLocalStreams({ camera: null });
  }

  private async refreshDevices(): Promise<void> {
    try {
      const [{ cameras, microphones }, speakers] = await Promise.all([
        this.devices.listDevices(),
        this.devices.listSpeakers(),
      ]);
      this.state.setDevices(cameras, microphones, speakers);
    } catch {
      // The selectors keep their last lists.
    }
  }
}
