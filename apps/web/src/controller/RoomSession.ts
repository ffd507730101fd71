import type {
  AckResult,
  Actor,
  ErrorCode,
  JoinResponse,
  KnockRequest,
  MediaState,
  Peer,
  Session,
} from '@parley/protocol';
import type { OutgoingSignal } from '../rtc/PerfectNegotiator';
import type { LinkState } from '../signaling/SignalingClient';
import { Emitter } from '../util/Emitter';
import type {
  ControlEvent,
  JoinOutcome,
  JoinRequest,
  KnockOutcome,
  PayloadOf,
  RoomSessionEvents,
  SignalingPort,
} from './roomSessionTypes';
import { type SendOutcome, SignalBacklog } from './SignalBacklog';

export type { ControlEvent, JoinOutcome, JoinRequest, KnockOutcome, RoomSessionEvents, SignalingPort };

export interface RoomSessionOptions {
  connectTimeoutMs?: number;
  /** Between tries of a resume that got no answer while the link is up. */
  resumeRetryMs?: number;
  /** Extra time, beyond the server's grace period, for a peer to reappear after a resume. */
  absenceSlackMs?: number;
  /** First wait before re-sending a signal refused with `rate_limited`; doubles up to 16×. */
  signalBackoffMs?: number;
}

const DEFAULTS: Required<RoomSessionOptions> = {
  connectTimeoutMs: 8_000,
  resumeRetryMs: 2_000,
  absenceSlackMs: 5_000,
  signalBackoffMs: 250,
};

/**
 * This participant's place in a room, as the signaling server sees it: the socket's life (opened
 * in the lobby so that Join costs one request), join, resume after a drop, the roster of peer ids
 * and the absence timers of peers that did not come back. It knows nothing of media.
 */
export class RoomSession extends Emitter<RoomSessionEvents> {
  private readonly options: Required<RoomSessionOptions>;
  private signaling: SignalingPort | null = null;
  private offSignaling: Array<() => void> = [];
  private request: JoinRequest | null = null;
  /** Who we are in the room, to resume as the same peer after the link drops. */
  private session: (Session & { peerId: string }) | null = null;
  private readonly roster = new Set<string>();
  private readonly absent = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly backlog: SignalBacklog;
  private resuming = false;
  private closed = false;
  /** Settles the knock in progress, if any. */
  private knocking: ((outcome: KnockOutcome) => void) | null = null;

  constructor(
    private readonly createSignaling: () => SignalingPort,
    options: RoomSessionOptions = {},
  ) {
    super();
    this.options = { ...DEFAULTS, ...options };
    this.backlog = new SignalBacklog(
      (peerId, signal) => this.trySend(peerId, signal),
      this.options.signalBackoffMs,
    );
  }

  get inRoom(): boolean {
    return this.session !== null;
  }

  /** Opens the socket ahead of Join; nothing about the person is sent until they join. */
  connect(): void {
    if (this.closed || this.signaling) return;
    const signaling = this.createSignaling();
    this.signaling = signaling;
    this.offSignaling = [
      signaling.onLink((state) => this.onLink(state)),
      signaling.on('peer:joined', (peer) => this.onPeerJoined(peer)),
      signaling.on('peer:left', ({ peerId }) => this.removePeer(peerId)),
      signaling.on('peer:updated', (peer) => {
        if (peer.peerId === this.session?.peerId) return this.emit('selfUpdated', peer);
        this.clearAbsence(peer.peerId);
        if (this.roster.has(peer.peerId)) this.emit('peerUpdated', peer);
      }),
      // A signal from someone not (yet) in our roster has no call to belong to.
      signaling.on('signal', ({ from, ...signal }) => {
        if (this.roster.has(from)) this.emit('signal', from, signal);
      }),
      signaling.on('knock:result', (result) =>
        this.settleKnock(
          result.admitted ? { admitted: true, ticket: result.ticket } : { admitted: false, reason: 'denied' },
        ),
      ),
      signaling.on('room:state', (state) => this.session && this.emit('roomState', state)),
      signaling.on('knock', (knock) => this.session && this.emit('knock', knock)),
      signaling.on('knock:gone', ({ knockId }) => this.session && this.emit('knockGone', knockId)),
      signaling.on('muted', (payload) => this.session && this.emit('muted', payload)),
      signaling.on('reaction', (message) => this.roster.has(message.from) && this.emit('reaction', message)),
      signaling.on('removed', ({ by }) => this.goOut('removed', by)),
      signaling.on('room:ended', ({ by }) => this.goOut('ended', by)),
    ];
    signaling.connect();
  }

  /** Joins the room: one request on a socket that is (usually) already open. */
  async join(request: JoinRequest): Promise<JoinOutcome> {
    this.connect();
    const signaling = this.signaling;
    if (!signaling) return { ok: false, code: 'unreachable' };
    try {
      await signaling.waitUntilConnected(this.options.connectTimeoutMs);
    } catch {
      this.disconnect();
      return { ok: false, code: 'unreachable' };
    }
    this.request = request;
    let result: AckResult<JoinResponse>;
    try {
      result = await signaling.request('room:join', request);
    } catch {
      this.disconnect();
      return { ok: false, code: 'unreachable' };
    }
    if (this.signaling !== signaling) return { ok: false, code: 'unreachable' };
    if (!result.ok) return { ok: false, code: result.error.code };
    // A ticket lets one join through the door; a resume proves who we are with the session token.
    this.request = { ...request, ticket: undefined };
    this.enter(result.data);
    this.emit('joined', result.data);
    return { ok: true };
  }

  /**
   * Asks the hosts of a locked room to let us in; resolves when one answers, when we withdraw
   * (`cancelKnock`), or when the knock cannot stand (refused, or the link dropped: the server
   * withdraws the knock of a closed socket).
   */
  async knock(request: KnockRequest): Promise<KnockOutcome> {
    this.settleKnock({ admitted: false, reason: 'cancelled' });
    this.connect();
    const signaling = this.signaling;
    if (!signaling) return { admitted: false, reason: 'failed', code: 'unreachable' };
    const outcome = new Promise<KnockOutcome>((resolve) => {
      this.knocking = resolve;
    });
    try {
      await signaling.waitUntilConnected(this.options.connectTimeoutMs);
      const result = await signaling.request('knock', request);
      if (!result.ok) this.settleKnock({ admitted: false, reason: 'failed', code: result.error.code });
    } catch {
      this.settleKnock({ admitted: false, reason: 'failed', code: 'unreachable' });
    }
    return outcome;
  }

  /** Withdraws our knock (Cancel). */
  cancelKnock(): void {
    if (!this.knocking) return;
    this.signaling?.request('knock:cancel', {}).catch(() => undefined);
    this.settleKnock({ admitted: false, reason: 'cancelled' });
  }

  /** Sends a room-control request; answers null when done, else why not. */
  async command<E extends ControlEvent>(
    event: E,
    payload: PayloadOf<E>,
  ): Promise<ErrorCode | 'unreachable' | null> {
    const signaling = this.signaling;
    if (!signaling || !this.session) return 'not_in_room';
    // The signaling client types each event's payload; a union of events needs this one bridge.
    const send = signaling.request.bind(signaling) as (
      e: ControlEvent,
      p: unknown,
    ) => Promise<AckResult<unknown>>;
    const result = await send(event, payload).catch(() => undefined);
    if (!result) return 'unreachable';
    return result.ok ? null : result.error.code;
  }

  /** Sends a signal; one refused for its rate is sent again with backoff, in order. */
  send(peerId: string, signal: OutgoingSignal): void {
    this.backlog.send(peerId, signal);
  }

  /** Tells the others what we now send. */
  publish(media: MediaState): void {
    if (!this.session) return;
    this.signaling?.request('peer:update', { media }).catch(() => undefined);
  }

  /** Fresh TURN credentials; null when the server is away or refuses. */
  async refreshIce() {
    const result = await this.signaling?.request('ice:refresh', {}).catch(() => undefined);
    return result?.ok ? result.data : null;
  }

  /** Leaves the room (if the server can hear it) and closes the socket. */
  async leave(): Promise<void> {
    const signaling = this.signaling;
    if (signaling?.connected && this.session) {
      await signaling.request('room:leave', {}).catch(() => undefined);
    }
    this.close();
  }

  /** Out of the room and offline, but reusable: a later `join` opens a new socket. */
  disconnect(): void {
    this.settleKnock({ admitted: false, reason: 'cancelled' });
    this.session = null;
    this.request = null;
    for (const peerId of [...this.absent.keys()]) this.clearAbsence(peerId);
    this.roster.clear();
    this.backlog.clear();
    for (const off of this.offSignaling.splice(0)) off();
    this.signaling?.close();
    this.signaling = null;
    this.emit('link', 'closed');
  }

  close(): void {
    if (this.closed) return;
    this.disconnect();
    this.closed = true;
    this.removeAllListeners();
  }

  private enter(response: JoinResponse): void {
    this.session = { peerId: response.self.peerId, ...response.session };
    for (const peer of response.peers) {
      this.roster.add(peer.peerId);
      this.clearAbsence(peer.peerId);
    }
  }

  private settleKnock(outcome: KnockOutcome): void {
    const settle = this.knocking;
    this.knocking = null;
    settle?.(outcome);
  }

  /** A host took us out of the room: forget the session, so nothing tries to resume it. */
  private goOut(reason: 'removed' | 'ended', by: Actor): void {
    if (!this.session) return;
    this.session = null;
    this.emit('out', reason, by);
  }

  private onLink(state: LinkState): void {
    this.emit('link', state);
    if (state === 'reconnecting' || state === 'closed')
      this.settleKnock({ admitted: false, reason: 'failed', code: 'unreachable' });
    const signaling = this.signaling;
    if (state !== 'connected' || !this.session || !signaling) return;
    // Socket.IO recovered the session (a short drop): rooms and missed events are back as they were.
    if (signaling.recovered) return;
    // Otherwise (a server restart, a long drop): come back as the same peer.
    void this.resume(signaling);
  }

  private async resume(signaling: SignalingPort): Promise<void> {
    const session = this.session;
    const request = this.request;
    if (!session || !request || this.resuming) return;
    this.resuming = true;
    let result: AckResult<JoinResponse> | undefined;
    try {
      result = await signaling.request('room:join', {
        ...request,
        resume: { peerId: session.peerId, token: session.token },
      });
    } catch {
      result = undefined;
    } finally {
      this.resuming = false;
    }
    if (this.signaling !== signaling || this.session !== session) return;
    if (!result) {
      // No answer (a server still starting, or overloaded): try again while the link is up; a
      // new reconnection starts its own.
      setTimeout(() => {
        if (this.signaling === signaling && signaling.connected) void this.resume(signaling);
      }, this.options.resumeRetryMs);
      return;
    }
    if (!result.ok) {
      // An earlier resume on this socket was answered after we gave up on it: we are already back.
      if (result.error.code === 'already_in_room') return;
      if (result.error.code === 'invalid_session') return this.rejoin(signaling, request);
      this.session = null;
      this.emit('ended', result.error.code);
      return;
    }
    this.enter(result.data);
    this.emit('resumed', result.data, result.data.resumed);
    this.awaitAbsent(result.data.peers, session.graceMs);
  }

  /** The server cannot vouch for our old identity: everyone we knew is gone; join afresh. */
  private async rejoin(signaling: SignalingPort, request: JoinRequest): Promise<void> {
    this.session = null;
    for (const peerId of [...this.roster]) this.removePeer(peerId);
    const result = await signaling.request('room:join', request).catch(() => undefined);
    if (this.signaling !== signaling) return;
    if (!result?.ok) {
      this.emit('ended', result?.error.code ?? 'internal_error');
      return;
    }
    this.enter(result.data);
    this.emit('joined', result.data);
  }

  /**
   * Peers we still have but the server did not list may be resuming too (after a server restart
   * everyone is), so they get the grace period to reappear before we let them go.
   */
  private awaitAbsent(listed: readonly Peer[], graceMs: number): void {
    const ids = new Set(listed.map((p) => p.peerId));
    for (const peerId of this.roster) {
      if (ids.has(peerId) || this.absent.has(peerId)) continue;
      const timer = setTimeout(() => {
        this.absent.delete(peerId);
        this.removePeer(peerId);
      }, graceMs + this.options.absenceSlackMs);
      this.absent.set(peerId, timer);
    }
  }

  private onPeerJoined(peer: Peer): void {
    if (!this.session) return;
    this.clearAbsence(peer.peerId);
    this.roster.add(peer.peerId);
    this.emit('peerJoined', peer);
  }

  private removePeer(peerId: string): void {
    this.clearAbsence(peerId);
    this.backlog.drop(peerId);
    if (!this.roster.delete(peerId)) return;
    this.emit('peerLeft', peerId);
  }

  private clearAbsence(peerId: string): void {
    clearTimeout(this.absent.get(peerId));
    this.absent.delete(peerId);
  }

  private async trySend(peerId: string, signal: OutgoingSignal): Promise<SendOutcome> {
    const signaling = this.signaling;
    if (!signaling || !this.session) return 'lost';
    const result = await signaling.request('signal', { to: peerId, ...signal }).catch(() => undefined);
    // No answer: the link is down, and the roster is rebuilt on return.
    if (!result) return 'lost';
    if (result.ok) return 'sent';
    if (result.error.code === 'rate_limited') return 'rate_limited';
    // The server lost our seat while our socket stayed (a Redis restart): come back as ourselves.
    if (result.error.code === 'not_in_room') void this.resume(signaling);
    return 'lost';
  }
}
