import type { Peer, PeerId, RoomId } from '@parley/protocol';
import type { Logger } from '../logger.js';
import type { HeldSeat, RoomStore, Seat } from '../rooms/store.js';
import { hostChannel, peerChannel, roomChannel } from './channels.js';
import type { Member, ParleyServer, ParleySocket } from './types.js';

/**
 * Which seats this node holds, and for which connection: the sockets seated here, and the peers
 * whose socket dropped here and who keep their seat for the grace period. The store records the
 * same ownership, so that every node gets the same answer; this node keeps the peer as well, to put
 * the seat back if the store loses it.
 */
export interface Presence {
  /** The connection id a socket stands for in the store. */
  ownerOf(socket: ParleySocket): string;
  /** The socket speaks for this seat now (a join, or a resume that claimed it): any pending removal is off. */
  seated(socket: ParleySocket, seat: HeldSeat): void;
  /** The peer's name or media changed. */
  updated(peer: Peer): void;
  /** Takes a socket out of its room (if any) at once and tells the others; an explicit leave. */
  leave(socket: ParleySocket): Promise<void>;
  /**
   * The socket's membership, if its seat is still its own in the store; a seat that ended
   * elsewhere (a host removed it, or ended the room, through another node) is released here first.
   */
  current(socket: ParleySocket): Promise<Member | undefined>;
  /**
   * A seat that ended without this node's doing (removed, room ended): forgets it and, if its
   * socket is here, takes that out of the room's channels. The store and the others are not told.
   */
  release(seat: Seat): void;
  /**
   * The socket dropped: its peer keeps its seat for the grace period, in case it comes back. A
   * client that closed its socket on purpose (the tab is going away) leaves at once.
   */
  disconnected(socket: ParleySocket, reason: string): Promise<void>;
  /** The seats this node answers for. */
  held(): HeldSeat[];
  /** The seat as this node holds it now, if it still does. */
  holding(seat: Seat): HeldSeat | undefined;
  /** The server is closing: pending removals are dropped, later disconnects ignored. */
  stop(): void;
}

export interface PresenceDeps {
  io: ParleyServer;
  store: RoomStore;
  logger: Logger;
  graceMs: number;
  /** After a peer left a room: host handover, or the end of an emptied room's door. */
  afterLeave: (roomId: RoomId) => Promise<void>;
}

interface Entry extends HeldSeat {
  /** Undefined while the peer is away (its socket dropped), with a removal pending. */
  socket: ParleySocket | undefined;
  timer?: ReturnType<typeof setTimeout>;
}

export function createPresence({ io, store, logger, graceMs, afterLeave }: PresenceDeps): Presence {
  // Socket ids are random and never reused (no connection-state recovery: a socket that comes
  // back is a new socket), so a socket id names one connection on any node.
  const ownerOf = (socket: ParleySocket): string => socket.id;

  const seats = new Map<PeerId, Entry>();
  let stopped = false;

  /** Forgets the entry if it is still the one of `owner` (a newer socket may have taken the seat). */
  const forget = (peerId: PeerId, owner: string) => {
    const entry = seats.get(peerId);
    if (entry?.owner !== owner) return;
    clearTimeout(entry.timer);
    seats.delete(peerId);
  };

  const removePeer = async ({ roomId, peerId }: Member, owner: string, reason: string) => {
    forget(peerId, owner);
    if (!(await store.leave(roomId, peerId, owner))) return;
    io.to(roomChannel(roomId)).emit('peer:left', { peerId });
    logger.info({ roomId, peerId, reason }, 'peer left');
    await afterLeave(roomId);
  };

  const unsubscribe = async (socket: ParleySocket, { roomId, peerId }: Member) => {
    await socket.leave(roomChannel(roomId));
    await socket.leave(hostChannel(roomId));
    await socket.leave(peerChannel(peerId));
  };

  const release = ({ roomId, peerId }: Seat) => {
    const entry = seats.get(peerId);
    if (entry?.roomId !== roomId) return;
    clearTimeout(entry.timer);
    seats.delete(peerId);
    const socket = entry.socket;
    if (socket?.data.member?.peerId !== peerId) return;
    socket.data.member = undefined;
    unsubscribe(socket, { roomId, peerId }).catch((error: unknown) =>
      logger.warn({ err: error, peerId }, 'leaving the channels of an ended seat failed'),
    );
  };

  return {
    ownerOf,

    seated(socket, seat) {
      const previous = seats.get(seat.peerId);
      clearTimeout(previous?.timer);
      seats.set(seat.peerId, { ...seat, peer: { ...seat.peer }, socket });
      socket.data.member = { roomId: seat.roomId, peerId: seat.peerId };
    },

    updated(peer) {
      const entry = seats.get(peer.peerId);
      if (entry) entry.peer = { ...peer, media: { ...peer.media } };
    },

    async leave(socket) {
      const member = socket.data.member;
      if (!member) return;
      socket.data.member = undefined;
      // Explicit, because a socket that disconnected mid-join may have been added after Socket.IO's own cleanup.
      await unsubscribe(socket, member);
      await removePeer(member, ownerOf(socket), 'left');
    },

    async current(socket) {
      const member = socket.data.member;
      if (!member) return undefined;
      const owner = ownerOf(socket);
      const now = await store.owner(member.roomId, member.peerId);
      if (now === owner) return member;
      // Missing but not ended: the store lost it (Redis restarted), liveness puts it back.
      const entry = seats.get(member.peerId);
      if (now === undefined && entry?.owner === owner && !(await store.ended(entry.nonce))) return member;
      // Ended (removed, the room ended) or taken over by another socket: no longer this one's.
      forget(member.peerId, owner);
      socket.data.member = undefined;
      await unsubscribe(socket, member);
      return undefined;
    },

    release,

    async disconnected(socket, reason) {
      const member = socket.data.member;
      if (!member || stopped) return;
      const owner = ownerOf(socket);
      const entry = seats.get(member.peerId);
      // A socket replaced by a newer one for the same peer (a resume, here or elsewhere) has nothing to clean.
      if (entry?.owner !== owner || (await store.owner(member.roomId, member.peerId)) !== owner) {
        forget(member.peerId, owner);
        return;
      }
      if (graceMs === 0 || reason === 'client namespace disconnect') {
        return removePeer(member, owner, reason);
      }
      entry.socket = undefined;
      entry.timer = setTimeout(() => {
        removePeer(member, owner, 'did not come back').catch((error: unknown) =>
          logger.error({ err: error, peerId: member.peerId }, 'removing a peer failed'),
        );
      }, graceMs);
      logger.info({ sid: socket.id, ...member, graceMs }, 'peer away');
    },

    held: () => [...seats.values()].map(heldSeat),

    holding(seat) {
      const entry = seats.get(seat.peerId);
      return entry && entry.roomId === seat.roomId ? heldSeat(entry) : undefined;
    },

    stop() {
      stopped = true;
      for (const { timer } of seats.values()) clearTimeout(timer);
      seats.clear();
    },
  };
}

function heldSeat({ roomId, peerId, owner, nonce, peer }: Entry): HeldSeat {
  return { roomId, peerId, owner, nonce, peer };
}
