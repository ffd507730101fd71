import type { CallFeature, LinkHandle } from './CallFeature';
import { generateCertificate } from './fingerprints';
import type { LinkRole, LocalTracks, PeerLinkEvents, PeerLinkOptions, ReceiveKind } from './PeerLink';
import { PeerLink } from './PeerLink';
import type { IncomingSignal, OutgoingSignal } from './PerfectNegotiator';
import type { Slot } from './slots';
import { type LinkPlan, planSending, type ViewRequest } from './sendPlan';
import { DEFAULT_UPLINK_BUDGET_BPS } from './uplink';
import { Emitter } from '../util/Emitter';

/** What the mesh needs of one link; PeerLink in the browser, a fake in unit tests. */
export interface MeshLink extends LinkHandle {
  receive(signal: IncomingSignal): Promise<void>;
  setTrack(kind: Slot, track: MediaStreamTrack | null): Promise<void>;
  applyUplink(plan: LinkPlan): Promise<void>;
  setIceServers(iceServers: RTCIceServer[]): void;
  restartIce(): void;
  close(): void;
}

export type CreateLink = (options: PeerLinkOptions) => MeshLink;

export interface PeerMeshEvents {
  signal(peerId: string, signal: OutgoingSignal): void;
  track(peerId: string, kind: ReceiveKind, stream: MediaStream): void;
  connection(peerId: string, state: RTCPeerConnectionState): void;
  /** A STUN/TURN server answered with an error (401: refused credentials). */
  iceError(code: number): void;
}

/**
 * All of this participant's peer connections: one link per other participant. Decides which
 * side of a pair offers (the newcomer: see slots.ts), routes signals to links, keeps every link
 * sending the current tracks within the uplink budget, at the size its receiver asked for
 * (sendPlan.ts), and tells the in-call features when a link or a data channel comes and goes.
 */
export class PeerMesh extends Emitter<PeerMeshEvents> {
  private readonly links = new Map<string, MeshLink>();
  private readonly features: CallFeature[] = [];
  private selfId: string | null = null;
  private rtcConfig: RTCConfiguration = {};
  private local: LocalTracks = { audio: null, camera: null, screen: null };
  private budgetBps = DEFAULT_UPLINK_BUDGET_BPS;
  /** What each receiver last asked of us; absent until it asks. */
  private readonly requests = new Map<string, ViewRequest>();
  private certificate: Promise<RTCCertificate | null> | null = null;
  private certificates: RTCCertificate[] = [];

  constructor(private readonly createLink: CreateLink = (options) => new PeerLink(options)) {
    super();
  }

  /** Adds an in-call feature; call before the first link. */
  use(feature: CallFeature): void {
    this.features.push(feature);
  }

  /**
   * Makes the one DTLS certificate all our links use (see fingerprints.ts); call early (in the
   * lobby) and await before the first link. Resolves once, whatever the outcome.
   */
  prepare(): Promise<void> {
    this.certificate ??= generateCertificate();
    return this.certificate.then((certificate) => {
      this.certificates = certificate ? [certificate] : [];
    });
  }

  /** Who we are in the room (a new identity closes every link first). */
  setSelf(selfId: string): void {
    if (this.selfId !== selfId) this.closeAll();
    this.selfId = selfId;
  }

  setRtcConfig(config: RTCConfiguration): void {
    this.rtcConfig = config;
    for (const link of this.links.values()) link.setIceServers(config.iceServers ?? []);
  }

  setUplinkBudget(bps: number | undefined): void {
    this.budgetBps = bps ?? DEFAULT_UPLINK_BUDGET_BPS;
    this.replan();
  }

  /** A receiver said how it shows our videos (null: forget it, back to the equal share). */
  setViewRequest(peerId: string, request: ViewRequest | null): void {
    if (request) this.requests.set(peerId, request);
    else this.requests.delete(peerId);
    if (this.links.has(peerId)) this.replan();
  }

  /** We just joined: the people already there wait for our offers. */
  joined(peerIds: readonly string[]): void {
    for (const peerId of peerIds) this.connect(peerId, 'offer');
  }

  /** Someone joined after us: they offer, we answer. */
  arrived(peerId: string): void {
    this.connect(peerId, 'answer');
  }

  /**
   * After a resume, peers we have no link with: if the server kept our seat they saw us as
   * present and will offer; if it gave us a new one, we are the newcomer.
   */
  resumed(peerIds: readonly string[], seatKept: boolean): void {
    for (const peerId of peerIds) this.connect(peerId, seatKept ? 'answer' : 'offer');
  }

  /** A signal from a peer we have no link with yet can only be their first offer. */
  receive(peerId: string, signal: IncomingSignal): void {
    const link = this.links.get(peerId) ?? this.connect(peerId, 'answer');
    void link?.receive(signal);
  }

  has(peerId: string): boolean {
    return this.links.has(peerId);
  }

  drop(peerId: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    link.close();
    this.links.delete(peerId);
    this.requests.delete(peerId);
    for (const feature of this.features) feature.linkRemoved?.(peerId);
    this.replan();
  }

  /** Sends `track` as our `kind` on every link (null stops sending it), without renegotiating. */
  async setTrack(kind: Slot, track: MediaStreamTrack | null): Promise<void> {
    const had = this.local[kind];
    this.local = { ...this.local, [kind]: track };
    const links = [...this.links.values()];
    await Promise.all(links.map((link) => link.setTrack(kind, track).catch(() => undefined)));
    // A new track may have another size, and the plan scales from the source's size.
    if (had !== track) this.replan();
  }

  /** Restarts ICE on every link (`onlyDown`: only those not connected). */
  restartIce(onlyDown = false): void {
    for (const link of this.links.values()) {
      if (!onlyDown || link.connectionState !== 'connected') link.restartIce();
    }
  }

  closeAll(): void {
    for (const peerId of [...this.links.keys()]) this.drop(peerId);
  }

  dispose(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
    for (const feature of this.features) feature.dispose?.();
    this.removeAllListeners();
  }

  private connect(peerId: string, role: LinkRole): MeshLink | undefined {
    const selfId = this.selfId;
    if (!selfId || peerId === selfId) return undefined;
    const existing = this.links.get(peerId);
    if (existing) return existing;
    const events: PeerLinkEvents = {
      signal: (signal) => this.emit('signal', peerId, signal),
      track: (kind, stream) => this.emit('track', peerId, kind, stream),
      connection: (state) => this.emit('connection', peerId, state),
      iceError: (code) => this.emit('iceError', code),
      channel: (channel) => {
        for (const feature of this.features) feature.channel?.(peerId, channel);
      },
      keys: (keys) => {
        for (const feature of this.features) feature.keys?.(peerId, keys);
      },
    };
    const link = this.createLink({
      selfId,
      remoteId: peerId,
      role,
      rtcConfig:
        this.certificates.length > 0
          ? { ...this.rtcConfig, certificates: this.certificates }
          : this.rtcConfig,
      local: { ...this.local },
      events,
    });
    this.links.set(peerId, link);
    for (const feature of this.features) feature.linkAdded?.(peerId, link);
    this.replan();
    return link;
  }

  /**
   * Re-divides the uplink budget whenever the number of copies we send, what we send, or what a
   * receiver shows changes.
   */
  private replan(): void {
    const requests = new Map<string, ViewRequest | null>();
    for (const peerId of this.links.keys()) requests.set(peerId, this.requests.get(peerId) ?? null);
    const plans = planSending({
      budgetBps: this.budgetBps,
      sendingCamera: this.local.camera !== null,
      sendingScreen: this.local.screen !== null,
      cameraHeight: heightOf(this.local.camera),
      screenHeight: heightOf(this.local.screen),
      requests,
    });
    for (const [peerId, link] of this.links) {
      const plan = plans.get(peerId);
      if (plan) void link.applyUplink(plan);
    }
  }
}

function heightOf(track: MediaStreamTrack | null): number {
  return track && typeof track.getSettings === 'function' ? (track.getSettings().height ?? 0) : 0;
}
