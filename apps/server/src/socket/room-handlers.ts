import { randomBytes } from 'node:crypto';
import {
  type AckResult,
  type ClientEventName,
  fail,
  type IceServer,
  ok,
  type Peer,
  type SignalMessage,
} from '@parley/protocol';
import type { Logger } from '../logger.js';
import type { RoomStore } from '../rooms/store.js';
import { peerChannel, roomChannel } from './channels.js';
import type { AckDataOf, ParleyServer, ParleySocket, PayloadOf } from './types.js';

/** One function per client event; each runs only on a payload its schema has accepted. */
export type EventHandlers = {
  [E in ClientEventName]: (socket: ParleySocket, payload: PayloadOf<E>) => Promise<AckResult<AckDataOf<E>>>;
};

export interface RoomHandlers extends EventHandlers {
  /** Takes a socket out of its room (if any) and tells the others; used on leave and on disconnect. */
  leaveRoom(socket: ParleySocket): Promise<void>;
}

export interface RoomHandlerDeps {
  io: ParleyServer;
  store: RoomStore;
  logger: Logger;
  maxPeers: number;
  iceServers: IceServer[];
}

export function createRoomHandlers({
  io,
  store,
  logger,
  maxPeers,
  iceServers,
}: RoomHandlerDeps): RoomHandlers {
  const leaveRoom = async (socket: ParleySocket): Promise<void> => {
    const member = socket.data.member;
    if (!member) return;
    socket.data.member = undefined;
    await store.leave(member.roomId, member.peerId);
    // Explicit, because a socket that disconnected mid-join may have been added after Socket.IO's own cleanup.
    await socket.leave(roomChannel(member.roomId));
    await socket.leave(peerChannel(member.peerId));
    io.to(roomChannel(member.roomId)).emit('peer:left', { peerId: member.peerId });
    logger.info({ sid: socket.id, roomId: member.roomId, peerId: member.peerId }, 'peer left');
  };

  return {
    leaveRoom,

    async 'room:join'(socket, { roomId, name, media }) {
      if (socket.data.member) return fail('already_in_room', 'You are already in a room; leave it first.');
      const peer: Peer = { peerId: mintPeerId(), name, media: { ...media, screen: false } };
      const outcome = await store.join(roomId, peer, maxPeers);
      if (!outcome.ok) {
        logger.info({ sid: socket.id, roomId, maxPeers }, 'room full');
        return fail('room_full', `This room is full: it holds at most ${maxPeers} people.`);
      }
      socket.data.member = { roomId, peerId: peer.peerId };
      await socket.join([roomChannel(roomId), peerChannel(peer.peerId)]);
      socket.to(roomChannel(roomId)).emit('peer:joined', peer);
      logger.info(
        { sid: socket.id, roomId, peerId: peer.peerId, size: outcome.peers.length + 1 },
        'peer joined',
      );
      return ok({ self: { peerId: peer.peerId }, peers: outcome.peers, iceServers, maxPeers });
    },

    async 'room:leave'(socket) {
      // Leaving when not in a room is not an error: the caller wants to be out, and it is.
      await leaveRoom(socket);
      return ok({});
    },

    async signal(socket, { to, ...body }) {
      const member = socket.data.member;
      if (!member) return fail('not_in_room', 'Join a room before sending signals.');
      if (to === member.peerId || !(await store.lookup(member.roomId, to))) {
        return fail('peer_not_found', 'There is no such peer in your room.');
      }
      // `from` comes from the sender's own membership; the schema has already dropped any the client sent.
      const message: SignalMessage = { ...body, from: member.peerId };
      io.to(peerChannel(to)).emit('signal', message);
      return ok({});
    },

    async 'peer:update'(socket, changes) {
      const member = socket.data.member;
      if (!member) return fail('not_in_room', 'Join a room before updating yourself.');
      const peer = await store.update(member.roomId, member.peerId, changes);
      if (!peer) return fail('not_in_room', 'You are no longer in that room.');
      socket.to(roomChannel(member.roomId)).emit('peer:updated', peer);
      return ok({});
    },
  };
}

// Not the socket id: that one is visible in transport logs and changes on reconnect.
function mintPeerId(): string {
  return randomBytes(12).toString('base64url');
}
