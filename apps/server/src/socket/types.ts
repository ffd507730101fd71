import type {
  Ack,
  AckResult,
  ClientEventName,
  ClientToServerEvents,
  clientEventSchemas,
  PeerId,
  RoomId,
  ServerToClientEvents,
} from '@parley/protocol';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';

/** Where a socket sits once it has joined. */
export interface Member {
  roomId: RoomId;
  peerId: PeerId;
}

export interface SocketData {
  member?: Member;
  /** The knock this socket is waiting on, if any (one at a time). */
  knock?: { roomId: RoomId; knockId: string };
  /** The client's address, as admission saw it (behind a trusted proxy: from X-Forwarded-For). */
  address: string;
}

// Nodes talk to each other only through the adapter for now.
type InterServerEvents = Record<string, never>;

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A client event's payload once its schema has accepted it. */
export type PayloadOf<E extends ClientEventName> = z.output<(typeof clientEventSchemas)[E]>;

/** What a client event's ack carries on success. */
export type AckDataOf<E extends ClientEventName> =
  Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> ? T : never;

/** A handler's answer: at once when it needs no I/O (the in-memory relay), else a promise. */
export type Answer<T> = AckResult<T> | Promise<AckResult<T>>;

/** One function per client event; each runs only on a payload its schema has accepted. */
export type EventHandlers = {
  [E in ClientEventName]: (socket: ParleySocket, payload: PayloadOf<E>) => Answer<AckDataOf<E>>;
};
