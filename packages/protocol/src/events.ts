import {
  endRequestSchema,
  handRequestSchema,
  knockAnswerRequestSchema,
  knockCancelRequestSchema,
  knockRequestSchema,
  lockRequestSchema,
  lowerHandRequestSchema,
  muteRequestSchema,
  passwordRequestSchema,
  promoteRequestSchema,
  reactRequestSchema,
  removeRequestSchema,
  type EndRequest,
  type Ended,
  type HandRequest,
  type Knock,
  type KnockAnswerRequest,
  type KnockCancelRequest,
  type KnockGone,
  type KnockRequest,
  type KnockResponse,
  type KnockResult,
  type LockRequest,
  type LowerHandRequest,
  type MuteRequest,
  type Muted,
  type PasswordRequest,
  type PromoteRequest,
  type ReactionMessage,
  type ReactRequest,
  type RemoveRequest,
  type Removed,
} from './control.js';
import type { AckResult } from './errors.js';
import {
  iceRefreshRequestSchema,
  joinRequestSchema,
  leaveRequestSchema,
  peerUpdateRequestSchema,
  signalRequestSchema,
  type IceRefreshRequest,
  type IceRefreshResponse,
  type JoinRequest,
  type JoinResponse,
  type LeaveRequest,
  type Peer,
  type PeerLeft,
  type PeerUpdateRequest,
  type RoomState,
  type SignalMessage,
  type SignalRequest,
} from './schemas.js';

export type Ack<T> = (result: AckResult<T>) => void;
// biome-ignore lint/complexity/noBannedTypes: an empty ack payload is the contract (`{}`)
export type Empty = {};

/** Events a browser sends; every one is acknowledged. */
export interface ClientToServerEvents {
  'room:join': (payload: JoinRequest, ack: Ack<JoinResponse>) => void;
  'room:leave': (payload: LeaveRequest, ack: Ack<Empty>) => void;
  signal: (payload: SignalRequest, ack: Ack<Empty>) => void;
  'peer:update': (payload: PeerUpdateRequest, ack: Ack<Empty>) => void;
  /** Fresh TURN credentials for a call that outlives the ones minted at join. */
  'ice:refresh': (payload: IceRefreshRequest, ack: Ack<IceRefreshResponse>) => void;
  // -- the door: anyone --
  /** Ask a locked room to let you in (after `room:join` answered `room_locked`). */
  knock: (payload: KnockRequest, ack: Ack<KnockResponse>) => void;
  'knock:cancel': (payload: KnockCancelRequest, ack: Ack<Empty>) => void;
  // -- hosts only (anyone else: `forbidden`) --
  'knock:answer': (payload: KnockAnswerRequest, ack: Ack<Empty>) => void;
  'room:lock': (payload: LockRequest, ack: Ack<Empty>) => void;
  'room:password': (payload: PasswordRequest, ack: Ack<Empty>) => void;
  'host:promote': (payload: PromoteRequest, ack: Ack<Empty>) => void;
  'host:remove': (payload: RemoveRequest, ack: Ack<Empty>) => void;
  'host:mute': (payload: MuteRequest, ack: Ack<Empty>) => void;
  'host:lower-hand': (payload: LowerHandRequest, ack: Ack<Empty>) => void;
  'room:end': (payload: EndRequest, ack: Ack<Empty>) => void;
  // -- anyone in the room --
  hand: (payload: HandRequest, ack: Ack<Empty>) => void;
  reaction: (payload: ReactRequest, ack: Ack<Empty>) => void;
}

/** Events the server pushes to browsers. */
export interface ServerToClientEvents {
  'peer:joined': (peer: Peer) => void;
  'peer:left': (payload: PeerLeft) => void;
  'peer:updated': (peer: Peer) => void;
  signal: (payload: SignalMessage) => void;
  /** The door changed (locked, password set or cleared). */
  'room:state': (state: RoomState) => void;
  /** To hosts: someone waits to be let in (also every waiting knock when one becomes host). */
  knock: (knock: Knock) => void;
  /** To hosts: that knock is no longer waiting. */
  'knock:gone': (payload: KnockGone) => void;
  /** To the knocker. */
  'knock:result': (result: KnockResult) => void;
  /** To the participant a host muted or whose screen share a host stopped. */
  muted: (payload: Muted) => void;
  /** To the participant a host removed; its socket is out of the room by then. */
  removed: (payload: Removed) => void;
  /** To everyone: a host ended the call. */
  'room:ended': (payload: Ended) => void;
  reaction: (payload: ReactionMessage) => void;
}

export type ClientEventName = keyof ClientToServerEvents;
export type ServerEventName = keyof ServerToClientEvents;

/** What hosts do about the door: answer a knock, lock it, set a password (anyone else: `forbidden`). */
export const DOOR_HOST_EVENTS = [
  'knock:answer',
  'room:lock',
  'room:password',
] as const satisfies readonly ClientEventName[];

/** What hosts do to people and to the call (anyone else: `forbidden`), and anyone's hand and reactions. */
export const MODERATION_EVENTS = [
  'host:promote',
  'host:remove',
  'host:mute',
  'host:lower-hand',
  'room:end',
  'hand',
  'reaction',
] as const satisfies readonly ClientEventName[];

/** Room control: the requests a participant sends while in the room, besides media and signaling. */
export const ROOM_CONTROL_EVENTS = [...DOOR_HOST_EVENTS, ...MODERATION_EVENTS] as const;

export type DoorHostEventName = (typeof DOOR_HOST_EVENTS)[number];
export type ModerationEventName = (typeof MODERATION_EVENTS)[number];
export type RoomControlEventName = (typeof ROOM_CONTROL_EVENTS)[number];

/** The schema that validates each client event's payload: the server checks every inbound event with it. */
export const clientEventSchemas = {
  'room:join': joinRequestSchema,
  'room:leave': leaveRequestSchema,
  signal: signalRequestSchema,
  'peer:update': peerUpdateRequestSchema,
  'ice:refresh': iceRefreshRequestSchema,
  knock: knockRequestSchema,
  'knock:cancel': knockCancelRequestSchema,
  'knock:answer': knockAnswerRequestSchema,
  'room:lock': lockRequestSchema,
  'room:password': passwordRequestSchema,
  'host:promote': promoteRequestSchema,
  'host:remove': removeRequestSchema,
  'host:mute': muteRequestSchema,
  'host:lower-hand': lowerHandRequestSchema,
  'room:end': endRequestSchema,
  hand: handRequestSchema,
  reaction: reactRequestSchema,
} as const satisfies Record<ClientEventName, unknown>;

export const CLIENT_EVENTS = Object.keys(clientEventSchemas) as ClientEventName[];
