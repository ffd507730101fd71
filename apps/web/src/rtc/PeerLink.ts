import { fingerprintsOf, type LinkKeys } from './fingerprints';
import { LinkLimits } from './LinkLimits';
import { type IncomingSignal, isPolite, type OutgoingSignal, PerfectNegotiator } from './PerfectNegotiator';
import { SLOT_MEDIA, SLOTS, type Slot, slotsOf } from './slots';
import type { LinkPlan } from './sendPlan';

export type SendKind = Slot;
export type ReceiveKind = Slot;

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
  /**
   * The DTLS fingerprints of both ends, read from the applied descriptions once a negotiation
   * settles: first when the connection's first offer/answer is done, again whenever they change.
   */
  keys(keys: LinkKeys): void;
}

/** The negotiated channel both ends create with the same id: chat and other small messages. */
export const CONTROL_CHANNEL = { label: 'parley', id: 0 } as const;

/**
 * `offer`: we are the newcomer of the pair, so we lay the transceivers out and make the first
 * offer. `answer`: we were in the room first; we wait for that offer and answer it with our
 * tracks already attached (see slots.ts).
 */
export type LinkRole = 'offer' | 'answer';

export interface PeerLinkOptions {
  selfId: string;
  remoteId: string;
  role: LinkRole;
  rtcConfig: RTCConfiguration;
  local: LocalTracks;
  events: PeerLinkEvents;
}

/** How long `disconnected` may last before we restart ICE instead of waiting for it to heal. */
export const DISCONNECTED_GRACE_MS = 3_000;
const ICE_RESTART_MIN_MS = 2_000;
const ICE_RESTART_MAX_MS = 30_000;

/**
 * One RTCPeerConnection to one remote participant, and nothing else.
 *
 * The pair's transceivers are the three slots of slots.ts (microphone, camera, screen, each
 * sendrecv) and one data-channel m-line, all created by the newcomer's first offer; the side
 * already in the room attaches its tracks to them before answering. So media flows both ways
 * after one offer/answer, and mute, camera off and screen share are `replaceTrack` on a slot,
 * without renegotiation.
 *
 * Only the newcomer offers first: on a brand-new connection a collision makes the polite side roll
 * back its first offer, and Chrome then sometimes never gathers ICE candidates for it. Later
 * renegotiations (ICE restarts, network changes) may collide freely; the negotiator resolves them.
 */
export class PeerLink {
  readonly remoteId: string;
  readonly polite: boolean;
  private readonly pc: RTCPeerConnection;
  private readonly negotiator: PerfectNegotiator;
  /** Our side of each slot; empty until the slots exist (an answerer's, until the first offer). */
  private readonly senders = new Map<SendKind, RTCRtpTransceiver>();
  /** Slot of each media m-line, by mid, read from the first negotiated description. */
  private slots = new Map<string, Slot>();
  /** Remote tracks received during a negotiation, announced when it settles. */
  private readonly arrived: Array<[ReceiveKind, MediaStream]> = [];
  private readonly events: PeerLinkEvents;
  private lastIceRestart = 0;
  private iceBackoffMs = ICE_RESTART_MIN_MS;
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly limits = new LinkLimits((kind) =>
    this.closed ? undefined : this.senders.get(kind)?.sender,
  );
  /** What we send, kept current even before the senders exist. */
  private local: LocalTracks;
  private closed = false;
  /** The fingerprints last announced, to announce only a change. */
  private lastKeys = '';

  constructor({ selfId, remoteId, role, rtcConfig, local, events }: PeerLinkOptions) {
    this.remoteId = remoteId;
    this.events = events;
    this.polite = isPolite(selfId, remoteId);
    this.pc = new RTCPeerConnection(rtcConfig);
    this.negotiator = new PerfectNegotiator(
      this.pc,
      this.polite,
      (signal) => {
        if (!this.closed) events.signal(signal);
      },
      { beforeAnswer: () => this.adoptSlots() },
    );

    this.local = { ...local };
    if (role === 'offer') {
      this.createSlots();
      // Offer now rather than on `negotiationneeded`, a task later (behind the call view's first
      // render). With our offer already on the operations chain, that event does not fire.
      void this.negotiator.negotiationNeeded();
    }

    this.pc.onnegotiationneeded = () => void this.negotiator.negotiationNeeded();
    this.pc.onicecandidate = ({ candidate }) => this.negotiator.localCandidate(candidate?.toJSON() ?? null);
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      events.connection(state);
      this.recoverIce(state);
      if (state === 'connected') void this.limits.reapply();
    };
    this.pc.onicecandidateerror = (event) => {
      const { errorCode, url } = event as RTCPeerConnectionIceErrorEvent;
      if (!this.closed) events.iceError(errorCode, url ?? '');
    };
    this.pc.ondatachannel = ({ channel }) => {
      if (!this.closed) events.channel(channel);
    };
    // Remote tracks are announced once the negotiation that brought them settles: what the
    // announcement sets off (the page rendering new tiles) then waits behind our answer instead of
    // delaying it.
    this.pc.ontrack = ({ transceiver, track }) => {
      const kind = this.receiveKind(transceiver);
      if (!kind) return;
      this.arrived.push([kind, new MediaStream([track])]);
      if (this.pc.signalingState === 'stable') this.announceTracks();
    };
    this.pc.onsignalingstatechange = () => {
      if (this.pc.signalingState !== 'stable') return;
      this.announceTracks();
      this.announceKeys();
    };
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  async receive(signal: IncomingSignal): Promise<void> {
    if (this.closed) return;
    await this.negotiator.receive(signal);
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
    this.lastIceRestart = Date.now();
    this.pc.restartIce();
  }

  /**
   * What each video sender encodes for this receiver (see sendPlan.ts): size, bits, frame rate, or
   * nothing. Kept and applied again once connected.
   */
  applyUplink(plan: LinkPlan): Promise<void> {
    return this.limits.apply(plan);
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
    this.pc.onsignalingstatechange = null;
    this.pc.ondatachannel = null;
    this.pc.onicecandidateerror = null;
    this.pc.close();
  }

  /** Opens a channel of our own (the other side learns of it through its `channel` event). */
  createChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
    return this.pc.createDataChannel(label, init);
  }

  /** The newcomer's side: the control channel and the three slots, in the order of slots.ts. */
  private createSlots(): void {
    this.openControlChannel();
    for (const kind of SLOTS) {
      const track = this.local[kind];
      if (track && kind === 'screen') track.contentHint = 'detail';
      const transceiver = this.pc.addTransceiver(track ?? SLOT_MEDIA[kind], { direction: 'sendrecv' });
      this.senders.set(kind, transceiver);
    }
  }

  /**
   * The answerer's side, with the newcomer's first offer applied and our answer not yet made: take
   * the slots that offer created and attach our tracks, so the answer already sends them.
   */
  private async adoptSlots(): Promise<void> {
    if (this.senders.size > 0 || this.closed) return;
    const slots = this.slotMap();
    const attached: Array<Promise<void>> = [];
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.mid === null ? undefined : slots.get(transceiver.mid);
      if (!kind || this.senders.has(kind)) continue;
      this.senders.set(kind, transceiver);
      transceiver.direction = 'sendrecv';
      const track = this.local[kind];
      if (track && kind === 'screen') track.contentHint = 'detail';
      attached.push(transceiver.sender.replaceTrack(track));
    }
    await Promise.all(attached);
    // Both ends create the negotiated channel; creating ours now rides on this answer.
    this.openControlChannel();
  }

  private openControlChannel(): void {
    this.events.channel(
      this.pc.createDataChannel(CONTROL_CHANNEL.label, {
        negotiated: true,
        id: CONTROL_CHANNEL.id,
        ordered: true,
      }),
    );
  }

  private announceTracks(): void {
    for (const [kind, stream] of this.arrived.splice(0)) {
      if (!this.closed) this.events.track(kind, stream);
    }
  }

  private announceKeys(): void {
    const local = this.pc.currentLocalDescription?.sdp;
    const remote = this.pc.currentRemoteDescription?.sdp;
    if (!local || !remote || this.closed) return;
    const keys = { local: fingerprintsOf(local), remote: fingerprintsOf(remote) };
    const text = JSON.stringify(keys);
    if (text === this.lastKeys) return;
    this.lastKeys = text;
    this.events.keys(keys);
  }

  /** Slots by mid, read once from the first description both sides share. */
  private slotMap(): Map<string, Slot> {
    if (this.slots.size === 0) {
      const sdp = this.pc.remoteDescription?.sdp ?? this.pc.localDescription?.sdp;
      if (sdp) this.slots = slotsOf(sdp);
    }
    return this.slots;
  }

  private receiveKind(transceiver: RTCRtpTransceiver): ReceiveKind | null {
    return transceiver.mid === null ? null : (this.slotMap().get(transceiver.mid) ?? null);
  }
}
