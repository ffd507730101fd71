import { type AckResult, fail, type Peer, type RoomId } from '@parley/protocol';
import type { Logger } from '../logger.js';
import type { RoomStore } from '../rooms/store.js';
import { hostChannel, peerChannel, roomChannel } from './channels.js';
import type { Member, ParleyServer, ParleySocket } from './types.js';

/**
 * Who may moderate, and how hosts reach their sockets on any node: each host's socket is in the
 * room's host channel, where knocks are announced. The role itself lives in the store, with the
 * room (`Peer.host`).
 */
export interface Hosts {
  /** The sender, if it is a host of the room it is in; otherwise the refusal to answer. */
  authorise(socket: ParleySocket): Promise<{ member: Member; peer: Peer } | AckResult<never>>;
  /** A socket speaks for a host now (a join, a resume): it joins the host channel and is told the waiting knocks. */
  seated(socket: ParleySocket, roomId: RoomId): Promise<void>;
  /** A participant became a host (through any node): its socket joins the host channel, hears the knocks, the room hears `peer:updated`. */
  crowned(roomId: RoomId, peer: Peer): Promise<void>;
  /** Someone left the room (for any reason): a room without a host gets one; a room left empty turns its knockers away. */
  afterLeave(roomId: RoomId): Promise<void>;
}

export interface HostsDeps {
  io: ParleyServer;
  store: RoomStore;
  logger: Logger;
  /** Counts each moderation action (metrics); a handover counts as one. */
  moderated: (action: string) => void;
}

export function createHosts({ io, store, logger, moderated }: HostsDeps): Hosts {
  const tellKnocks = async (roomId: RoomId, to: string) => {
    for (const { knockId, name } of await store.knocks(roomId)) io.to(to).emit('knock', { knockId, name });
  };

  const crowned = async (roomId: RoomId, peer: Peer) => {
    const channel = peerChannel(peer.peerId);
    io.in(channel).socketsJoin(hostChannel(roomId));
    io.to(roomChannel(roomId)).emit('peer:updated', peer);
    await tellKnocks(roomId, channel);
  };

  return {
    async authorise(socket) {
      const member = socket.data.member;
      if (!member) return fail('not_in_room', 'Join a room first.');
      const peer = await store.lookup(member.roomId, member.peerId);
      if (!peer) return fail('not_in_room', 'You are no longer in that room.');
      if (!peer.host) return fail('forbidden', 'Only a host can do that.');
      return { member, peer };
    },

    async seated(socket, roomId) {
      await socket.join(hostChannel(roomId));
      await tellKnocks(roomId, socket.id);
    },

    crowned,

    async afterLeave(roomId) {
      const { promoted, closed } = await store.handover(roomId);
      if (promoted) {
        moderated('handover');
        logger.info({ roomId, peerId: promoted.peerId, action: 'handover' }, 'moderation');
        await crowned(roomId, promoted);
      }
      for (const knock of closed) io.to(knock.sid).emit('knock:result', { admitted: false });
    },
  };
}

/** Whether a check (`authorise`, the door) answered a refusal rather than what it checked. */
export const refused = <T extends object>(outcome: T | AckResult<never>): outcome is AckResult<never> =>
  'ok' in outcome;
