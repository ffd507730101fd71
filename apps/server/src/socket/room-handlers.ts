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
import type { Sessions } from '../session.js';
import { mintTurnCredentials, type TurnConfig } from '../turn.js';
import { peerChannel, roomChannel } from './channels.js';
import type { AckDataOf, ParleyServer, ParleySocket, PayloadOf } from './types.js';

/** One function per client event; each runs only on a payload its schema has accepted. */
export type EventHandlers = {
  [E in ClientEventName]: (socket: ParleySocket, payload: PayloadOf<E>) => Promise<AckResult<AckDataOf<E>>>;
};

export interface RoomHandlers extends EventHandlers {
  /** Takes a socket out of its room (if any) at once and tells the others; an explicit leave. */
  leaveRoom(socket: ParleySocket): Promise<void>;
  /**
   * The socket dropped: its peer keeps its place for the grace period, in case it comes back. A
   * client that closed its socket on purpose (the tab is going away) leaves at once.
   */
  disconnected(socket: ParleySocket, reason: string): Promise<void>;
  /** A socket Socket.IO recovered (same id, rooms and data): its peer is back. */
  recovered(socket: ParleySocket): void;
}

export interface RoomHandlerDeps {
  io: ParleyServer;
  store: RoomStore;
  logger: Logger;
  maxPeers: number;
  iceServers: IceServer[];
  turn: TurnConfig | undefined;
  iceTransportPolicy: 'all' | 'relay';
  sessions: Sessions;
  graceMs: number;
}

export function createRoomHandlers({
  io,
  store,
  logger,
  maxPeers,
  iceServers,
  turn,
  iceTransportPolicy,
  sessions,
  graceMs,
}: RoomHandlerDeps): RoomHandlers {
  // Which socket currently speaks for a peer, and the pending removal of a peer whose socket dropped.
  // Both are this process's: a peer resumes on the node that dropped it or, after a restart, anew.
  const owners = new Map<string, string>();
  const graceTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const claim = (socket: ParleySocket, peerId: string) => {
    clearTimeout(graceTimers.get(peerId));
    graceTimers.delete(peerId);
    owners.set(peerId, socket.id);
  };

  const removePeer = async (roomId: string, peerId: string, reason: string) => {
    clearTimeout(graceTimers.get(peerId));
    graceTimers.delete(peerId);
    owners.delete(peerId);
    if (!(await store.leave(roomId, peerId))) return;
    io.to(roomChannel(roomId)).emit('peer:left', { peerId });
    logger.info({ roomId, peerId, reason }, 'peer left');
  };

  const leaveRoom = async (socket: ParleySocket): Promise<void> => {
    const member = socket.data.member;
    if (!member) return;
    socket.data.member = undefined;
    // Explicit, because a socket that disconnected mid-join may have been added after Socket.IO's own cleanup.
    await socket.leave(roomChannel(member.roomId));
    await socket.leave(peerChannel(member.peerId));
    if (owners.get(member.peerId) === socket.id) await removePeer(member.roomId, member.peerId, 'left');
  };

  const iceFor = (peerId: string): { iceServers: IceServer[]; iceExpiresAt?: number } => {
    if (!turn) return { iceServers };
    const minted = mintTurnCredentials(turn, peerId);
    return { iceServers: [...iceServers, minted.iceServer], iceExpiresAt: minted.expiresAt };
  };

  return {
    leaveRoom,

    async disconnected(socket, reason) {
      const member = socket.data.member;
      // A socket replaced by a newer one for the same peer (a resume elsewhere) has nothing to clean.
      if (!member || owners.get(member.peerId) !== socket.id) return;
      if (graceMs === 0 || reason === 'client namespace disconnect') {
        return removePeer(member.roomId, member.peerId, reason);
      }
      clearTimeout(graceTimers.get(member.peerId));
      graceTimers.set(
        member.peerId,
        setTimeout(() => {
          if (owners.get(member.peerId) !== socket.id) return;
          removePeer(member.roomId, member.peerId, 'did not come back').catch((error: unknown) =>
            logger.error({ err: error, peerId: member.peerId }, 'removing a peer failed'),
          );
        }, graceMs),
      );
      logger.info({ sid: socket.id, roomId: member.roomId, peerId: member.peerId, graceMs }, 'peer away');
    },

    recovered(socket) {
      const member = socket.data.member;
      if (!member) return;
      claim(socket, member.peerId);
      logger.info({ sid: socket.id, roomId: member.roomId, peerId: member.peerId }, 'peer recovered');
    },

    async 'room:join'(socket, { roomId, name, media, resume }) {
      if (socket.data.member) return fail('already_in_room', 'You are already in a room; leave it first.');
      if (resume && !sessions.verify(roomId, resume.peerId, resume.token)) {
        return fail('invalid_session', 'That session is not valid here; join as a new participant.');
      }
      const peerId = resume?.peerId ?? mintPeerId();
      const peer: Peer = {
        peerId,
        name,
        media: { audio: media.audio, video: media.video, screen: media.screen ?? false },
      };

      // A known peer coming back: take over from its old socket, tell the others only what changed.
      const existing = resume ? await store.lookup(roomId, peerId) : undefined;
      let peers: Peer[];
      if (existing) {
        const previous = owners.get(peerId);
        claim(socket, peerId);
        if (previous && previous !== socket.id) io.in(previous).disconnectSockets(true);
        await store.update(roomId, peerId, { name, media: peer.media });
        peers = (await store.members(roomId)).filter((p) => p.peerId !== peerId);
      } else {
        const outcome = await store.join(roomId, peer, maxPeers);
        if (!outcome.ok) {
          logger.info({ sid: socket.id, roomId, maxPeers }, 'room full');
          return fail('room_full', `This room is full: it holds at most ${maxPeers} people.`);
        }
        claim(socket, peerId);
        peers = outcome.peers;
      }
      socket.data.member = { roomId, peerId };
      await socket.join([roomChannel(roomId), peerChannel(peerId)]);
      socket.to(roomChannel(roomId)).emit(existing ? 'peer:updated' : 'peer:joined', peer);
      logger.info(
        { sid: socket.id, roomId, peerId, size: peers.length + 1, resumed: Boolean(existing) },
        existing ? 'peer resumed' : 'peer joined',
      );
      return ok({
        self: { peerId },
        peers,
        ...iceFor(peerId),
        iceTransportPolicy,
        maxPeers,
        session: { token: sessions.mint(roomId, peerId), graceMs },
        resumed: Boolean(existing),
      });
    },

    async 'ice:refresh'(socket) {
      const member = socket.data.member;
      if (!member) return fail('not_in_room', 'Join a room before asking for ICE servers.');
      return ok(iceFor(member.peerId));
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
