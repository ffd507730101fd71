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
}

/** Events the server pushes to browsers. */
export interface ServerToClientEvents {
  'peer:joined': (peer: Peer) => void;
  'peer:left': (payload: PeerLeft) => void;
  'peer:updated': (peer: Peer) => void;
  signal: (payload: SignalMessage) => void;
}

export type ClientEventName = keyof ClientToServerEvents;
export type ServerEventName = keyof ServerToClientEvents;

/** The schema that validates each client event's payload: the server checks every inbound event with it. */
export const clientEventSchemas = {
  'room:join': joinRequestSchema,
  'room:leave': leaveRequestSchema,
  signal: signalRequestSchema,
  'peer:update': peerUpdateRequestSchema,
  'ice:refresh': iceRefreshRequestSchema,
} as const satisfies Record<ClientEventName, unknown>;

export const CLIENT_EVENTS = Object.keys(clientEventSchemas) as ClientEventName[];
