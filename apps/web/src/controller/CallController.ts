import type {
  AckResult,
  IceServer,
  JoinResponse,
  MediaState,
  Peer,
  Session,
  SignalMessage,
} from '@parley/protocol';
import * as devices from '../media/devices';
import { DeviceError, describeDeviceProblem } from '../media/MediaError';
import { type LocalTracks, PeerLink, type SendKind } from '../rtc/PeerLink';
import { DEFAULT_UPLINK_BUDGET_BPS, planUplink } from '../rtc/uplink';
import { SignalingClient, type LinkState } from '../signaling/SignalingClient';
import type { CallStoreApi } from '../store/callStore';
import { loadName, saveName } from './prefs';
import { problemFromCode, RELAY_REFUSED, SERVER_UNREACHABLE } from './problems';

type Devices = typeof devices;

/**
 * An in-call feature (chat, file transfer, ...) that rides on the peer connections. The controller
 * tells it when a link comes and goes and hands it every data channel; it never owns a link.
 */
export interface CallFeature {
  linkAdded?(peerId: string, link: PeerLink): void;
  channel?(peerId: string, channel: RTCDataChannel): void;
  linkRemoved?(peerId: string): void;
  dispose?(): void;
}

export interface CallControllerDeps {
  createSignaling: () => SignalingClient;
  devices: Devices;
  clipboard: (text: string) => Promise<void>;
  origin: string;
}

const CONNECT_TIMEOUT_MS = 8_000;
/** Extra time, beyond the server's grace period, for a peer to reappear after a resume. */
const ABSENCE_SLACK_MS = 5_000;
const MIN_ICE_REFRESH_MS = 30_000;
const RESUME_RETRY_MS = 2_000;
/** How long Join waits for the lobby's camera and microphone to finish opening. */
const PREVIEW_WAIT_MS = 5_000;

const defaultDeps = (): CallControllerDeps => ({
  createSignaling: () => new SignalingClient(),
  devices,
  clipboard: (text) => navigator.clipboard.writeText(text),
  origin: window.location.origin,
});

/**
 * Wires signaling, peer connections and devices to the store. Components call these methods and
 * read the store; they never see a socket, a peer connection or a device request.
 */
export class CallController {
  private readonly deps: CallControllerDeps;
  private signaling: SignalingClient | null = null;
  private readonly links = new Map<string, PeerLink>();
  private rtcConfig: RTCConfiguration = {};
  /** Who we are in the room, to resume as the same peer after the signaling link drops. */
  private session: (Session & { roomId: string; peerId: string }) | null = null;
  /** Peers we still have but the server did not list after a resume, with their deadline. */
  private readonly absent = new Map<string, ReturnType<typeof setTimeout>>();
  private iceRefreshTimer: ReturnType<typeof setTimeout> | undefined;
  private uplinkBudgetBps = DEFAULT_UPLINK_BUDGET_BPS;
  private cleanups: Array<() => void> = [];
  private readonly features: CallFeature[] = [];
  /** The lobby's device requests: a quick Join must not find the microphone still opening and join muted. */
  private preview: Promise<void> = Promise.resolve();
  /** Bumped on dispose: async work that finishes afterwards sees it and undoes itself. */
  private generation = 0;

  constructor(
    private readonly store: CallStoreApi,
    deps: Partial<CallControllerDeps> = {},
  ) {
    this.deps = { ...defaultDeps(), ...deps };
  }

  /** Adds an in-call feature; call before joining. */
  use(feature: CallFeature): void {
    this.features.push(feature);
  }

  private get state() {
    return this.store.getState();
  }

  // ---- lobby ----

  async openRoom(roomId: string): Promise<void> {
    this.state.enterRoom(roomId, loadName());
    this.cleanups.push(this.deps.devices.onDeviceChange(() => void this.refreshDevices()));
    // A network change (Wi-Fi to cable, VPN up): the old candidate pairs may be dead, so every
    // connection restarts ICE through the normal negotiation path rather than wait to fail.
    const onNetworkChange = () => {
      for (const link of this.links.values()) link.restartIce();
    };
    window.addEventListener('online', onNetworkChange);
    this.cleanups.push(() => window.removeEventListener('online', onNetworkChange));
    this.preview = this.startPreview();
    await this.preview;
  }

  /** Opens camera and microphone for the preview; each one that fails is explained on its own. */
  async startPreview(): Promise<void> {
    const { media } = this.state;
    await Promise.all([
      media.video ? this.openDevice('camera') : Promise.resolve(),
      media.audio ? this.openDevice('microphone') : Promise.resolve(),
    ]);
    await this.refreshDevices();
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.state.selectDevices({ cameraId: deviceId });
    if (this.state.camera || this.state.media.video) await this.openDevice('camera');
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    this.state.selectDevices({ microphoneId: deviceId });
    if (this.state.microphone || this.state.media.audio) await this.openDevice('microphone');
  }

  setName(name: string): void {
    this.state.setName(name);
  }

  // ---- joining ----

  async join(): Promise<void> {
    const { roomId, phase } = this.state;
    const name = this.state.name.trim();
    if (!roomId || phase !== 'lobby' || name === '') return;
    saveName(name);
    this.state.setProblem(null);
    this.state.setPhase('joining');
    const generation = this.generation;
    await Promise.race([this.preview, new Promise((resolve) => setTimeout(resolve, PREVIEW_WAIT_MS))]);
    if (generation !== this.generation) return;

    const signaling = this.signaling ?? this.connectSignaling();
    try {
      await signaling.waitUntilConnected(CONNECT_TIMEOUT_MS);
    } catch {
      if (generation !== this.generation) return;
      this.closeSignaling();
      this.state.setProblem(SERVER_UNREACHABLE);
      this.state.setPhase('lobby');
      return;
    }
    if (generation !== this.generation) return;
    await this.enterCall(signaling);
  }

  /**
   * Joins the room, or (`resume`) comes back to it as the same peer after the signaling link
   * dropped, keeping every peer connection that still works.
   */
  private async enterCall(signaling: SignalingClient, mode: 'join' | 'resume' = 'join'): Promise<void> {
    const { roomId, name, media } = this.state;
    if (!roomId) return;
    const sending = {
      audio: media.audio && this.state.microphone !== null,
      video: this.state.camera !== null,
      screen: this.state.screen !== null,
    };
    const session = mode === 'resume' && this.session?.roomId === roomId ? this.session : null;
    const resume = session ? { peerId: session.peerId, token: session.token } : undefined;
    let result: AckResult<JoinResponse>;
    try {
      result = await signaling.request('room:join', { roomId, name, media: sending, resume });
    } catch {
      // In a call, a resume that got no answer (a server still starting, or overloaded) is tried
      // again while the link is up; a new reconnection starts its own.
      if (mode === 'resume') {
        setTimeout(() => {
          if (this.signaling === signaling && signaling.connected && this.state.phase === 'in-call') {
            void this.enterCall(signaling, 'resume');
          }
        }, RESUME_RETRY_MS);
        return;
      }
      this.closeSignaling();
      this.state.setProblem(SERVER_UNREACHABLE);
      this.state.setPhase('lobby');
      return;
    }
    if (!result.ok) {
      // An earlier resume on this socket was answered after we gave up on it: we are already back.
      if (mode === 'resume' && result.error.code === 'already_in_room') return;
      if (mode === 'resume' && result.error.code === 'invalid_session') {
        // The server cannot vouch for our old identity: join afresh, as a new participant.
        this.session = null;
        for (const peerId of [...this.links.keys()]) this.dropPeer(peerId);
        return this.enterCall(signaling, 'join');
      }
      this.endCall();
      this.state.setProblem(problemFromCode(result.error.code, this.state.maxPeers));
      return;
    }
    const { self, peers, iceServers, iceTransportPolicy, iceExpiresAt, maxPeers } = result.data;
    this.session = { roomId, peerId: self.peerId, ...result.data.session };
    this.uplinkBudgetBps = result.data.uplinkBudgetBps ?? DEFAULT_UPLINK_BUDGET_BPS;
    this.applyIceServers(iceServers, iceTransportPolicy);
    this.scheduleIceRefresh(iceExpiresAt);
    if (!session) {
      this.state.joined(self.peerId, peers, maxPeers);
      for (const peer of peers) this.connectTo(peer.peerId, false);
      return;
    }
    this.reconcile(peers, result.data.resumed);
  }

  /**
   * After a resume: peers the server lists are kept or connected; peers we still have a link with
   * but the server does not list may be resuming too (after a server restart everyone is), so they
   * get the grace period to reappear before we let them go.
   */
  private reconcile(peers: Peer[], resumed: boolean): void {
    const listed = new Set(peers.map((p) => p.peerId));
    for (const peer of peers) {
      this.state.peerJoined(peer);
      this.clearAbsence(peer.peerId);
      // If the server kept us, a newcomer listed us and offers; if it re-added us, we are the newcomer.
      this.connectTo(peer.peerId, resumed);
    }
    const graceMs = this.session?.graceMs ?? 0;
    for (const peerId of this.state.peers.keys()) {
      if (listed.has(peerId) || this.absent.has(peerId)) continue;
      this.absent.set(
        peerId,
        setTimeout(() => {
          this.absent.delete(peerId);
          this.dropPeer(peerId);
        }, graceMs + ABSENCE_SLACK_MS),
      );
    }
    // Signals sent while the server was away are lost; a connection that is not up starts over.
    for (const link of this.links.values()) {
      if (link.connectionState !== 'connected') link.restartIce();
    }
  }

  /** 401 from a TURN server: the credentials were refused (expired, or a secret that does not match). */
  private onIceError(code: number): void {
    if (code !== 401 || this.state.problem?.reason === 'relay-refused') return;
    this.state.setProblem(RELAY_REFUSED);
  }

  private clearAbsence(peerId: string): void {
    clearTimeout(this.absent.get(peerId));
    this.absent.delete(peerId);
  }

  private applyIceServers(iceServers: IceServer[], policy: RTCIceTransportPolicy = 'all'): void {
    this.rtcConfig = rtcConfiguration(iceServers, policy);
    for (const link of this.links.values()) link.setIceServers(iceServers);
  }

  /** Minted TURN credentials expire; ask for fresh ones halfway through their life. */
  private scheduleIceRefresh(expiresAt: number | undefined): void {
    clearTimeout(this.iceRefreshTimer);
    if (!expiresAt) return;
    const delay = Math.max(MIN_ICE_REFRESH_MS, (expiresAt - Date.now()) / 2);
    this.iceRefreshTimer = setTimeout(() => void this.refreshIce(), delay);
  }

  private async refreshIce(): Promise<void> {
    const result = await this.signaling?.request('ice:refresh', {}).catch(() => undefined);
    if (result?.ok) {
      this.applyIceServers(result.data.iceServers, this.rtcConfig.iceTransportPolicy);
      this.scheduleIceRefresh(result.data.iceExpiresAt);
    } else {
      // Signaling is away or busy: try again soon; the current credentials are still valid for a while.
      this.iceRefreshTimer = setTimeout(() => void this.refreshIce(), MIN_ICE_REFRESH_MS);
    }
  }

  /** Back to the lobby with every peer connection closed (the devices stay open for a retry). */
  private endCall(): void {
    for (const peerId of [...this.links.keys()]) this.dropPeer(peerId);
    for (const peerId of [...this.absent.keys()]) this.clearAbsence(peerId);
    clearTimeout(this.iceRefreshTimer);
    this.session = null;
    this.closeSignaling();
    this.state.setPhase('lobby');
  }

  private connectSignaling(): SignalingClient {
    const signaling = this.deps.createSignaling();
    this.signaling = signaling;
    const off = [
      signaling.onLink((state) => this.onLinkState(state)),
      signaling.on('peer:joined', (peer) => this.onPeerJoined(peer)),
      signaling.on('peer:left', ({ peerId }) => this.dropPeer(peerId)),
      signaling.on('peer:updated', (peer) => this.onPeerUpdated(peer)),
      signaling.on('signal', (message) => this.onSignal(message)),
    ];
    this.cleanups.push(...off);
    signaling.connect();
    return signaling;
  }

  private onLinkState(state: LinkState): void {
    this.state.setSignaling(state === 'closed' ? 'idle' : state);
    const signaling = this.signaling;
    if (state !== 'connected' || this.state.phase !== 'in-call' || !signaling) return;
    // Socket.IO recovered the session (a short drop): rooms and missed events are back as they were.
    if (signaling.recovered) return;
    // Otherwise (a server restart, a long drop): come back as the same peer. Peer connections are
    // untouched; media between established peers never needed the server.
    void this.enterCall(signaling, 'resume');
  }

  private onPeerJoined(peer: Peer): void {
    this.clearAbsence(peer.peerId);
    this.state.peerJoined(peer);
    this.connectTo(peer.peerId, true);
  }

  private onPeerUpdated(peer: Peer): void {
    this.clearAbsence(peer.peerId);
    this.state.peerUpdated(peer);
  }

  private onSignal({ from, ...signal }: SignalMessage): void {
    // A signal from someone not (yet) in our roster has no call to belong to.
    if (!this.state.peers.has(from)) return;
    const link = this.links.get(from) ?? this.connectTo(from, true);
    void link?.receive(signal);
  }

  /** `awaitOffer`: we were here first, so the newcomer offers (see PeerLink). */
  private connectTo(peerId: string, awaitOffer: boolean): PeerLink | undefined {
    const selfId = this.state.selfId;
    if (!selfId || peerId === selfId) return undefined;
    const existing = this.links.get(peerId);
    if (existing) return existing;
    const link = new PeerLink({
      selfId,
      remoteId: peerId,
      awaitOffer,
      rtcConfig: this.rtcConfig,
      local: this.localTracks(),
      events: {
        signal: (signal) => {
          this.signaling?.request('signal', { to: peerId, ...signal }).catch(() => {
            // The link is down; Socket.IO buffers nothing for us and the roster will be rebuilt on return.
          });
        },
        track: (kind, stream) => this.state.setRemoteStream(peerId, kind, stream),
        connection: (state) => this.state.setConnection(peerId, state),
        iceError: (code) => this.onIceError(code),
        channel: (channel) => {
          for (const feature of this.features) feature.channel?.(peerId, channel);
        },
      },
    });
    this.links.set(peerId, link);
    for (const feature of this.features) feature.linkAdded?.(peerId, link);
    this.applyUplink();
    return link;
  }

  private dropPeer(peerId: string): void {
    this.links.get(peerId)?.close();
    this.links.delete(peerId);
    for (const feature of this.features) feature.linkRemoved?.(peerId);
    this.state.peerLeft(peerId);
    this.applyUplink();
  }

  /** Re-divides the uplink budget whenever the number of copies we send or what we send changes. */
  private applyUplink(): void {
    const { camera, screen } = this.state;
    const plan = planUplink({
      budgetBps: this.uplinkBudgetBps,
      remotePeers: this.links.size,
      sendingCamera: camera !== null,
      sendingScreen: screen !== null,
    });
    for (const link of this.links.values()) void link.applyUplink(plan);
  }

  // ---- in-call controls ----

  async toggleMicrophone(): Promise<void> {
    const { microphone, media } = this.state;
    const track = microphone?.getAudioTracks()[0];
    if (track && track.readyState === 'live') {
      // Muted sends nothing (null on the senders), but the track stays live and enabled so the
      // speaker detector can still say "you're muted" when it hears speech.
      await this.sendTrack('audio', media.audio ? null : track);
      await this.publishMedia({ audio: !media.audio });
      return;
    }
    this.state.setMedia({ audio: true });
    if (await this.openDevice('microphone')) await this.publishMedia({ audio: true });
  }

  async toggleCamera(): Promise<void> {
    if (this.state.camera) {
      // Off means the device is released: the camera light goes out.
      devices.stopStream(this.state.camera);
      this.state.setLocalStreams({ camera: null });
      await this.sendTrack('camera', null);
      await this.publishMedia({ video: false });
      return;
    }
    this.state.setMedia({ video: true });
    if (await this.openDevice('camera')) await this.publishMedia({ video: true });
  }

  async toggleScreen(): Promise<void> {
    if (this.state.screen) {
      await this.stopScreen();
      return;
    }
    let stream: MediaStream | null;
    try {
      stream = await this.deps.devices.openScreen();
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
    if (track) track.onended = () => void this.stopScreen();
    this.state.setScreen(stream);
    await this.sendTrack('screen', track);
    await this.publishMedia({ screen: true });
  }

  private async stopScreen(): Promise<void> {
    const screen = this.state.screen;
    if (!screen) return;
    devices.stopStream(screen);
    this.state.setScreen(null);
    await this.sendTrack('screen', null);
    await this.publishMedia({ screen: false });
  }

  inviteLink(): string {
    return `${this.deps.origin}/r/${this.state.roomId ?? ''}`;
  }

  async copyInvite(): Promise<boolean> {
    try {
      await this.deps.clipboard(this.inviteLink());
      return true;
    } catch {
      return false;
    }
  }

  reportSoundBlocked(blocked: boolean): void {
    if (this.state.soundBlocked !== blocked) this.state.setSoundBlocked(blocked);
  }

  dismissProblem(): void {
    this.state.setProblem(null);
  }

  /** Leave the room and release every device; the page then goes home. */
  async leave(): Promise<void> {
    const signaling = this.signaling;
    if (signaling?.connected && this.state.phase === 'in-call') {
      await signaling.request('room:leave', {}).catch(() => undefined);
    }
    this.dispose();
    this.state.setPhase('left');
  }

  /** Releases everything this controller holds. Safe to call more than once. */
  dispose(): void {
    this.generation++;
    clearTimeout(this.iceRefreshTimer);
    for (const peerId of [...this.absent.keys()]) this.clearAbsence(peerId);
    this.session = null;
    for (const link of this.links.values()) link.close();
    this.links.clear();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const feature of this.features) feature.dispose?.();
    this.closeSignaling();
    const { camera, microphone, screen } = this.state;
    devices.stopStream(camera);
    devices.stopStream(microphone);
    devices.stopStream(screen);
    this.state.setLocalStreams({ camera: null, microphone: null });
    this.state.setScreen(null);
  }

  // ---- helpers ----

  /**
   * Opens (or re-opens, on a device switch) camera or microphone and sends it to every peer.
   * A failure is reported in words; a device that was working before keeps working.
   */
  private async openDevice(device: 'camera' | 'microphone'): Promise<boolean> {
    const generation = this.generation;
    const isCamera = device === 'camera';
    const wanted = isCamera ? this.state.cameraId : this.state.microphoneId;
    const previous = isCamera ? this.state.camera : this.state.microphone;
    let stream: MediaStream;
    try {
      stream = isCamera
        ? await this.deps.devices.openCamera(wanted)
        : await this.deps.devices.openMicrophone(wanted);
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
    devices.stopStream(previous);
    const track = stream.getTracks()[0] ?? null;
    this.state.setLocalStreams(isCamera ? { camera: stream } : { microphone: stream });
    this.state.setDeviceProblem(device, null);
    this.state.selectDevices(
      isCamera ? { cameraId: devices.deviceIdOf(stream) } : { microphoneId: devices.deviceIdOf(stream) },
    );
    // A muted microphone stays muted across a device switch: nothing is sent.
    await this.sendTrack(isCamera ? 'camera' : 'audio', isCamera || this.state.media.audio ? track : null);
    return true;
  }

  /** In the lobby: choose whether to join with microphone or camera, releasing what is turned off. */
  async setLobbyDevice(device: 'camera' | 'microphone', on: boolean): Promise<void> {
    if (on) {
      this.state.setMedia(device === 'camera' ? { video: true } : { audio: true });
      await this.openDevice(device);
      return;
    }
    const stream = device === 'camera' ? this.state.camera : this.state.microphone;
    devices.stopStream(stream);
    this.state.setLocalStreams(device === 'camera' ? { camera: null } : { microphone: null });
    this.state.setMedia(device === 'camera' ? { video: false } : { audio: false });
  }

  private async refreshDevices(): Promise<void> {
    try {
      const { cameras, microphones } = await this.deps.devices.listDevices();
      this.state.setDevices(cameras, microphones);
    } catch {
      // The selectors keep their last list.
    }
  }

  private localTracks(): LocalTracks {
    const { camera, microphone, screen } = this.state;
    return {
      audio: this.state.media.audio ? (microphone?.getAudioTracks()[0] ?? null) : null,
      camera: camera?.getVideoTracks()[0] ?? null,
      screen: screen?.getVideoTracks()[0] ?? null,
    };
  }

  private async sendTrack(kind: SendKind, track: MediaStreamTrack | null): Promise<void> {
    await Promise.all(
      [...this.links.values()].map((link) => link.setTrack(kind, track).catch(() => undefined)),
    );
  }

  private async publishMedia(change: Partial<MediaState>): Promise<void> {
    this.state.setMedia(change);
    this.applyUplink();
    if (this.state.phase !== 'in-call') return;
    await this.signaling?.request('peer:update', { media: this.state.media }).catch(() => undefined);
  }

  private closeSignaling(): void {
    this.signaling?.close();
    this.signaling = null;
    this.state.setSignaling('idle');
  }
}

function rtcConfiguration(
  iceServers: IceServer[],
  iceTransportPolicy: RTCIceTransportPolicy = 'all',
): RTCConfiguration {
  return { iceServers, iceTransportPolicy, bundlePolicy: 'max-bundle' };
}
