import type {
  Actor,
  ClientToServerEvents,
  ErrorCode,
  JoinMedia,
  JoinResponse,
  Knock,
  Muted,
  Peer,
  ReactionMessage,
  RoomControlEventName,
  RoomState,
} from '@parley/protocol';
import type { IncomingSignal } from '../rtc/PerfectNegotiator';
import type { LinkState, SignalingClient } from '../signaling/SignalingClient';

// What a RoomSession takes and tells: its requests, outcomes and events.

/** The part of the signaling client a session uses; a fake in unit tests. */
export type SignalingPort = Pick<
  SignalingClient,
  'connected' | 'recovered' | 'connect' | 'waitUntilConnected' | 'request' | 'on' | 'onLink' | 'close'
>;

export interface JoinRequest {
  roomId: string;
  name: string;
  media: JoinMedia;
  password?: string;
  /** From an admitted knock: lets this join through a locked door (used once, never to resume). */
  ticket?: string;
  deviceKey?: string;
}

export type JoinOutcome = { ok: true } | { ok: false; code: ErrorCode | 'unreachable' };

/** How a knock ended: a host let us in (join with the ticket), said no, we withdrew, or it failed. */
export type KnockOutcome =
  | { admitted: true; ticket: string }
  | { admitted: false; reason: 'denied' | 'cancelled' }
  | { admitted: false; reason: 'failed'; code: ErrorCode | 'unreachable' };

/** Requests of room control, sent while in the room (the host ones are refused to non-hosts). */
export type ControlEvent = RoomControlEventName;
export type PayloadOf<E extends ControlEvent> = Parameters<ClientToServerEvents[E]>[0];

export interface RoomSessionEvents {
  /** How the link to the server looks: media keeps flowing while it is down. */
  link(state: LinkState): void;
  /** We are in the room as a new participant (after Join, or when a resume was refused). */
  joined(response: JoinResponse): void;
  /**
   * We came back after the link dropped. `seatKept`: the server still had our seat, so the
   * others never saw us leave. The peers listed are the room as the server knows it now.
   */
  resumed(response: JoinResponse, seatKept: boolean): void;
  peerJoined(peer: Peer): void;
  peerUpdated(peer: Peer): void;
  /** Announced by the server, or someone who did not come back after a resume. */
  peerLeft(peerId: string): void;
  signal(from: string, signal: IncomingSignal): void;
  /** The server will not have us back (e.g. the room filled up while we were away). */
  ended(code: ErrorCode): void;
  /** A host removed us, or ended the call for everyone: there is nothing to resume. */
  out(reason: 'removed' | 'ended', by: Actor): void;
  /** Our own entry changed as the others see it (made host, hand raised or lowered). */
  selfUpdated(peer: Peer): void;
  /** The door changed: locked, password set or cleared. */
  roomState(state: RoomState): void;
  /** To hosts: someone waits at the door, or no longer does. */
  knock(knock: Knock): void;
  knockGone(knockId: string): void;
  /** A host turned off our microphone or stopped our screen share. */
  muted(payload: Muted): void;
  reaction(message: ReactionMessage): void;
}
