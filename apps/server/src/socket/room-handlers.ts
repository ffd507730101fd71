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
import type { RoomStore, Seat } from '../rooms/store.js';
import type { Sessions } from '../session.js';
import { mintTurnCredentials, type TurnConfig } from '../turn.js';
import { peerChannel, roomChannel } from './channels.js';
import type { AckDataOf, Member, ParleyServer, ParleySocket, PayloadOf } from './types.js';

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
  /** A socket Socket.IO recovered (same id, rooms and data, possibly on another node): its peer is back. */
  recovered(socket: ParleySocket): Promise<void>;
  /** The places this node answers for: its sockets' peers and those in their grace period here. */
  held(): Seat[];
  /** The server is closing: pending removals are dropped, later disconnects ignored. */
  stop(): void;
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
  uplinkBudgetBps: number | undefined;
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
  uplinkBudgetBps,
}: RoomHandlerDeps): RoomHandlers {
  // Which connection speaks for a peer is kept in the store, so every node gets the same answer.
  // An owner id is the socket id plus a nonce: a socket Socket.IO recovers (here or on another
  // node) keeps its id, but is a new connection and must not pass for the one that dropped.
  const ownerIds = new WeakMap<ParleySocket, string>();
  const ownerOf = (socket: ParleySocket): string => {
    let id = ownerIds.get(socket);
    if (!id) {
      id = `${socket.id} ${randomBytes(6).toString('base64url')}`;
      ownerIds.set(socket, id);
    }
    return id;
  };
  const socketIdOf = (ownerId: string): string => ownerId.slice(0, ownerId.indexOf(' '));

  // Pending removals of peers whose socket dropped from this node. A timer is this process's, so
  // when it fires it removes the peer only if the store says that socket still owns it.
  const away = new Map<string, { member: Member; timer: ReturnType<typeof setTimeout> }>();
  let stopped = false;

  const cancelRemoval = (peerId: string) => {
    clearTimeout(away.get(peerId)?.timer);
    away.delete(peerId);
  };

  const removePeer = async ({ roomId, peerId }: Member, ownerId: string, reason: string) => {
    if (!(await store.leave(roomId, peerId, ownerId))) return;
    cancelRemoval(peerId);
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
    await removePeer(member, ownerOf(socket), 'left');
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
      if (!member || stopped) return;
      const ownerId = ownerOf(socket);
      // A socket replaced by a newer one for the same peer (a resume, here or elsewhere) has nothing to clean.
      if ((await store.owner(member.roomId, member.peerId)) !== ownerId) return;
      if (graceMs === 0 || reason === 'client namespace disconnect') {
        return removePeer(member, ownerId, reason);
      }
      cancelRemoval(member.peerId);
      const timer = setTimeout(() => {
        away.delete(member.peerId);
        removePeer(member, ownerId, 'did not come back').catch((error: unknown) =>
          logger.error({ err: error, peerId: member.peerId }, 'removing a peer failed'),
        );
      }, graceMs);
      away.set(member.peerId, { member, timer });
      logger.info({ sid: socket.id, roomId: member.roomId, peerId: member.peerId, graceMs }, 'peer away');
    },

    async recovered(socket) {
      const member = socket.data.member;
      if (!member) return;
      if (!(await store.claim(member.roomId, member.peerId, ownerOf(socket)))) {
        // Its grace period ran out just as it came back (a race at the edge of the window, as in one
        // process): the others have heard peer:left, and this socket's signals will find no room.
        logger.warn({ sid: socket.id, ...member }, 'recovered a peer its room no longer holds');
        return;
      }
      cancelRemoval(member.peerId);
      logger.info({ sid: socket.id, roomId: member.roomId, peerId: member.peerId }, 'peer recovered');
    },

    held() {
      const seats: Seat[] = [...away.values()].map(({ member }) => member);
      for (const socket of io.sockets.sockets.values()) {
        if (socket.data.member) seats.push(socket.data.member);
      }
      return seats;
    },

    stop() {
      stopped = true;
      for (const { timer } of away.values()) clearTimeout(timer);
      away.clear();
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
      const ownerId = ownerOf(socket);
      let existing: Peer | undefined;
      if (resume) {
        const claimed = await store.claim(roomId, peerId, ownerId);
        if (claimed) {
          cancelRemoval(peerId);
          // The old socket may still be open, on this node or another (a network switch).
          const previous = claimed.previous && socketIdOf(claimed.previous);
          if (previous && previous !== socket.id) io.in(previous).disconnectSockets(true);
          existing = await store.update(roomId, peerId, { name, media: peer.media });
        }
      }
      let peers: Peer[];
      if (existing) {
        peers = (await store.members(roomId)).filter((p) => p.peerId !== peerId);
      } else {
        const outcome = await store.join(roomId, peer, maxPeers, ownerId);
        if (!outcome.ok) {
          logger.info({ sid: socket.id, roomId, maxPeers }, 'room full');
          return fail('room_full', `This room is full: it holds at most ${maxPeers} people.`);
        }
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
        ...(uplinkBudgetBps !== undefined && { uplinkBudgetBps }),
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
