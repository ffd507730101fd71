import { type IncomingSignal, isPolite, type OutgoingSignal, PerfectNegotiator } from './PerfectNegotiator';
import type { EncodingLimits, UplinkPlan } from './uplink';

export type SendKind = 'audio' | 'camera' | 'screen';
export type ReceiveKind = 'audio' | 'camera' | 'screen';

export interface LocalTracks {
  audio: MediaStreamTrack | null;
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
}

export interface PeerLinkEvents {
  signal(signal: OutgoingSignal): void;
  /** A remote track arrived; `kind` says whether it is their microphone, camera or screen. */
  track(kind: ReceiveKind, stream: MediaStream): void;
  connection(state: RTCPeerConnectionState): void;
  /** An ICE server answered with an error (STUN/TURN error code, e.g. 401 for refused credentials). */
  iceError(code: number, url: string): void;
  /**
   * A data channel is ready to be used: our end of the shared `parley` control channel (once per
   * connection), or a channel the other side opened (file transfers).
   */
  channel(channel: RTCDataChannel): void;
}

/** The negotiated channel both ends create with the same id: chat and other small messages. */
export const CONTROL_CHANNEL = { label: 'parley', id: 0 } as const;

export interface PeerLinkOptions {
  selfId: string;
  remoteId: string;
  /**
   * True on the side that was already in the room: it lets the newcomer's offer set the
   * connection up and adds its own senders after answering. (See the class comment.)
   */
  awaitOffer: boolean;
  rtcConfig: RTCConfiguration;
  local: LocalTracks;
  events: PeerLinkEvents;
}

const SEND_ORDER: readonly SendKind[] = ['audio', 'camera', 'screen'];

/** How long `disconnected` may last before we restart ICE instead of waiting for it to heal. */
export const DISCONNECTED_GRACE_MS = 3_000;
const ICE_RESTART_MIN_MS = 2_000;
const ICE_RESTART_MAX_MS = 30_000;

/**
 * One RTCPeerConnection to one remote participant, and nothing else.
 *
 * Each side owns three send-only transceivers (microphone, camera, screen), created in that order
 * before the first offer. Turning a device on or off is `replaceTrack` on its transceiver, so
 * mute, camera off and screen share need no renegotiation. The remote side's transceivers come
 * from its offer in the same order, which is how a received video is known to be camera or screen.
 *
 * Who offers first: the newcomer. Perfect negotiation resolves offers that collide, but a
 * collision on a brand-new connection makes the polite side roll back its first offer, and
 * Chrome then sometimes never gathers ICE candidates for that connection. Every pair would
 * collide if both sides added senders at once, so the side already in the room waits for the
 * newcomer's offer, answers it, and only then adds its senders (one more offer, no collision).
 * Later renegotiations (ICE restarts) may collide freely; the negotiator handles them.
 */
export class PeerLink {
  readonly remoteId: string;
  readonly polite: boolean;
  private readonly pc: RTCPeerConnection;
  private readonly negotiator: PerfectNegotiator;
  private readonly senders = new Map<SendKind, RTCRtpTransceiver>();
  private readonly events: PeerLinkEvents;
  /** ICE restarts so far (failure, long disconnection, network change); for diagnostics. */
  iceRestarts = 0;
  private lastIceRestart = 0;
  private iceBackoffMs = ICE_RESTART_MIN_MS;
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  private uplink: UplinkPlan | null = null;
  /** What we send, kept current even before the senders exist. */
  private local: LocalTracks;
  private closed = false;

  constructor({ selfId, remoteId, awaitOffer, rtcConfig, local, events }: PeerLinkOptions) {
    this.remoteId = remoteId;
    this.events = events;
    this.polite = isPolite(selfId, remoteId);
    this.pc = new RTCPeerConnection(rtcConfig);
    this.negotiator = new PerfectNegotiator(this.pc, this.polite, (signal) => {
      if (!this.closed) events.signal(signal);
    });

    this.local = { ...local };
    if (!awaitOffer) this.addSenders();

    this.pc.onnegotiationneeded = () => void this.negotiator.negotiationNeeded();
    this.pc.onicecandidate = ({ candidate }) => this.negotiator.localCandidate(candidate?.toJSON() ?? null);
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      events.connection(state);
      this.recoverIce(state);
      if (state === 'connected' && this.uplink) void this.applyUplink(this.uplink);
    };
    this.pc.onicecandidateerror = (event) => {
      const { errorCode, url } = event as RTCPeerConnectionIceErrorEvent;
      if (!this.closed) events.iceError(errorCode, url ?? '');
    };
    this.pc.ondatachannel = ({ channel }) => {
      if (!this.closed) events.channel(channel);
    };
    this.pc.ontrack = ({ transceiver, track }) => {
      const kind = this.receiveKind(transceiver, track);
      if (kind) events.track(kind, new MediaStream([track]));
    };
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  async receive(signal: IncomingSignal): Promise<void> {
    if (this.closed) return;
    await this.negotiator.receive(signal);
    if (this.senders.size === 0 && !this.closed && this.pc.currentRemoteDescription) this.addSenders();
  }

  /** Swap what we send of one kind (null stops sending it) without renegotiating. */
  async setTrack(kind: SendKind, track: MediaStreamTrack | null): Promise<void> {
    this.local[kind] = track;
    const transceiver = this.senders.get(kind);
    if (!transceiver || this.closed) return;
    if (track && kind === 'screen') track.contentHint = 'detail';
    await transceiver.sender.replaceTrack(track);
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  /**
   * Starts an ICE restart through the normal negotiation path (negotiationneeded fires and the
   * negotiator offers with new credentials). Used on failure and when the network changes.
   */
  restartIce(): void {
    if (this.closed) return;
    this.iceRestarts++;
    this.lastIceRestart = Date.now();
    this.pc.restartIce();
  }

  /** Caps what each video sender may use (see uplink.ts); kept and re-applied after negotiation. */
  async applyUplink(plan: UplinkPlan): Promise<void> {
    this.uplink = plan;
    await Promise.all([this.limit('camera', plan.camera), this.limit('screen', plan.screen)]);
  }

  private async limit(kind: 'camera' | 'screen', limits: EncodingLimits): Promise<void> {
    const sender = this.senders.get(kind)?.sender;
    if (!sender || this.closed) return;
    const parameters = sender.getParameters();
    const encoding = parameters.encodings?.[0];
    // No encodings before the sender's first negotiation; applied again once connected.
    if (!encoding) return;
    if (
      encoding.maxBitrate === limits.maxBitrate &&
      encoding.scaleResolutionDownBy === limits.scaleResolutionDownBy
    ) {
      return;
    }
    encoding.maxBitrate = limits.maxBitrate;
    encoding.scaleResolutionDownBy = limits.scaleResolutionDownBy;
    await sender.setParameters(parameters).catch(() => undefined);
  }

  /** Replaces the ICE servers (fresh TURN credentials); takes effect on the next gathering. */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (this.closed) return;
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  /**
   * `failed` restarts at once; `disconnected` often heals by itself (a brief loss), so it gets a
   * few seconds first. Restarts that keep failing back off, so a dead network is not hammered.
   */
  private recoverIce(state: RTCPeerConnectionState): void {
    clearTimeout(this.iceTimer);
    if (state === 'connected') this.iceBackoffMs = ICE_RESTART_MIN_MS;
    if (state !== 'failed' && state !== 'disconnected') return;
    const wait =
      state === 'disconnected'
        ? DISCONNECTED_GRACE_MS
        : Math.max(0, this.lastIceRestart + this.iceBackoffMs - Date.now());
    this.iceTimer = setTimeout(() => {
      const now = this.pc.connectionState;
      if (now !== 'failed' && now !== 'disconnected') return;
      this.iceBackoffMs = Math.min(this.iceBackoffMs * 2, ICE_RESTART_MAX_MS);
      this.restartIce();
      // A restart whose gathering finds nothing may never leave `failed`: check again later.
      this.recoverIce(this.pc.connectionState);
    }, wait);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.iceTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.ontrack = null;
    this.pc.ondatachannel = null;
    this.pc.onicecandidateerror = null;
    this.pc.close();
  }

  /** Opens a channel of our own (the other side learns of it through its `channel` event). */
  createChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
    return this.pc.createDataChannel(label, init);
  }

  private addSenders(): void {
    // Created with the senders so that, like them, it rides on the newcomer's first offer.
    this.events.channel(
      this.pc.createDataChannel(CONTROL_CHANNEL.label, {
        negotiated: true,
        id: CONTROL_CHANNEL.id,
        ordered: true,
      }),
    );
    for (const kind of SEND_ORDER) {
      const track = this.local[kind];
      if (track && kind === 'screen') track.contentHint = 'detail';
      const transceiver = this.pc.addTransceiver(track ?? (kind === 'audio' ? 'audio' : 'video'), {
        direction: 'sendonly',
      });
      this.senders.set(kind, transceiver);
    }
  }

  private receiveKind(transceiver: RTCRtpTransceiver, track: MediaStreamTrack): ReceiveKind | null {
    if (this.isOwn(transceiver)) return null;
    if (track.kind === 'audio') return 'audio';
    const remoteVideo = this.pc
      .getTransceivers()
      .filter((t) => !this.isOwn(t) && t.receiver.track.kind === 'video');
    const index = remoteVideo.indexOf(transceiver);
    if (index === 0) return 'camera';
    if (index === 1) return 'screen';
    return null;
  }

  private isOwn(transceiver: RTCRtpTransceiver): boolean {
    return [...this.senders.values()].includes(transceiver);
  }
}
