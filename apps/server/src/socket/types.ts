import type {
  Ack,
  ClientEventName,
  ClientToServerEvents,
  clientEventSchemas,
  PeerId,
  RoomId,
  ServerToClientEvents,
} from '@parley/protocol';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';

/** Where a socket sits once it has joined. Kept on `socket.data`, which Socket.IO shares across nodes. */
export interface Member {
  roomId: RoomId;
  peerId: PeerId;
}

export interface SocketData {
  member?: Member;
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
