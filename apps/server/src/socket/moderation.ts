import { type Actor, fail, type ModerationEventName, ok, type Peer, type RoomId } from '@parley/protocol';
import type { Logger } from '../logger.js';
import { type Clock, type RateLimit, TokenBucket } from '../rate-limit.js';
import type { RoomStore } from '../rooms/store.js';
import { hostChannel, peerChannel, roomChannel } from './channels.js';
import { type Hosts, refused } from './hosts.js';
import type { Presence } from './presence.js';
import type { EventHandlers, ParleyServer, ParleySocket } from './types.js';

/** Reactions one socket may send: a burst of a few, then two a second. */
const REACTIONS_PER_SOCKET: RateLimit = { burst: 6, perSecond: 2 };

export interface ModerationDeps {
  io: ParleyServer;
  store: RoomStore;
  presence: Presence;
  hosts: Hosts;
  logger: Logger;
  /** Counts each moderation action (metrics). */
  moderated: (action: string) => void;
  /** Wall clock: when a hand went up. */
  now: Clock;
  /** Monotonic clock for the reaction rate limit. */
  clock?: Clock;
}

/**
 * What hosts do to participants (promote, remove, mute, lower a hand, end the call), and what
 * anyone does in the room (hand, reaction). Every change the server makes to a peer is told to the
 * whole room with `peer:updated`, the peer itself included; a reaction goes to the others only.
 */
export function createModerationHandlers({
  io,
  store,
  presence,
  hosts,
  logger,
  moderated,
  now,
  clock,
}: ModerationDeps): Pick<EventHandlers, ModerationEventName> {
  const reactionBudgets = new WeakMap<ParleySocket, TokenBucket>();
  const mayReact = (socket: ParleySocket) => {
    let bucket = reactionBudgets.get(socket);
    if (!bucket) {
      bucket = new TokenBucket(REACTIONS_PER_SOCKET, clock);
      reactionBudgets.set(socket, bucket);
    }
    return bucket.take();
  };

  const log = (roomId: RoomId, by: Actor, action: string, target?: string) => {
    moderated(action);
    logger.info({ roomId, peerId: by.peerId, action, ...(target && { target }) }, 'moderation');
  };
  const actor = (peer: Peer): Actor => ({ peerId: peer.peerId, name: peer.name });
  const changed = (roomId: RoomId, peer: Peer) => {
    presence.updated(peer);
    io.to(roomChannel(roomId)).emit('peer:updated', peer);
  };
  const noSuchPeer = () => fail('peer_not_found', 'There is no such peer in your room.');

  return {
    async 'host:promote'(socket, { peerId }) {
      const host = await hosts.authorise(socket);
      if (refused(host)) return host;
      const { roomId } = host.member;
      const target = await store.lookup(roomId, peerId);
      if (!target) return noSuchPeer();
      if (target.host) return ok({});
      const promoted = await store.promote(roomId, peerId);
      if (!promoted) return noSuchPeer();
      presence.updated(promoted);
      await hosts.crowned(roomId, promoted);
      log(roomId, actor(host.peer), 'promote', peerId);
      return ok({});
    },

    async 'host:remove'(socket, { peerId }) {
      const host = await hosts.authorise(socket);
      if (refused(host)) return host;
      const { roomId } = host.member;
      if (peerId === host.member.peerId) return fail('invalid_payload', 'To leave, use room:leave.');
      const removal = await store.remove(roomId, peerId);
      if (!removal) return noSuchPeer();
      // Told first, then out of every channel of the room (on whichever node its socket is).
      const channel = peerChannel(peerId);
      io.to(channel).emit('removed', { by: actor(host.peer) });
      io.in(channel).socketsLeave([roomChannel(roomId), hostChannel(roomId), channel]);
      presence.release({ roomId, peerId });
      io.to(roomChannel(roomId)).emit('peer:left', { peerId });
      log(roomId, actor(host.peer), 'remove', peerId);
      await hosts.afterLeave(roomId);
      return ok({});
    },

    async 'host:mute'(socket, { peerId, kind }) {
      const host = await hosts.authorise(socket);
      if (refused(host)) return host;
      const { roomId } = host.member;
      let targets: string[];
      if (peerId !== undefined) {
        if (!(await store.lookup(roomId, peerId))) return noSuchPeer();
        targets = [peerId];
      } else {
        // Mute everyone: everyone else whose microphone (or screen share) is on.
        const members = await store.members(roomId);
        targets = members
          .filter((p) => p.peerId !== host.member.peerId && p.media[kind])
          .map((p) => p.peerId);
      }
      const by = actor(host.peer);
      for (const target of targets) {
        const updated = await store.update(roomId, target, { media: { [kind]: false } });
        if (!updated) continue;
        io.to(peerChannel(target)).emit('muted', { kind, by });
        changed(roomId, updated);
      }
      log(roomId, by, kind === 'audio' ? 'mute' : 'stop-screen', peerId ?? 'everyone');
      return ok({});
    },

    async 'host:lower-hand'(socket, { peerId }) {
      const host = await hosts.authorise(socket);
      if (refused(host)) return host;
      const { roomId } = host.member;
      const updated = await store.update(roomId, peerId, { handRaisedAt: null });
      if (!updated) return noSuchPeer();
      changed(roomId, updated);
      log(roomId, actor(host.peer), 'lower-hand', peerId);
      return ok({});
    },

    async 'room:end'(socket) {
      const host = await hosts.authorise(socket);
      if (refused(host)) return host;
      const { roomId } = host.member;
      const { peers, knocks } = await store.end(roomId);
      const channel = roomChannel(roomId);
      io.to(channel).emit('room:ended', { by: actor(host.peer) });
      io.in(channel).socketsLeave([channel, hostChannel(roomId), ...peers.map((p) => peerChannel(p.peerId))]);
      for (const { peerId } of peers) presence.release({ roomId, peerId });
      for (const { sid } of knocks) io.to(sid).emit('knock:result', { admitted: false });
      log(roomId, actor(host.peer), 'end');
      return ok({});
    },

    async hand(socket, { raised }) {
      const member = socket.data.member;
      if (!member) return fail('not_in_room', 'Join a room first.');
      const peer = await store.lookup(member.roomId, member.peerId);
      if (!peer) return fail('not_in_room', 'You are no longer in that room.');
      // Raised again while up: it keeps its place in the order.
      if (raised === (peer.handRaisedAt !== undefined)) return ok({});
      const updated = await store.update(member.roomId, member.peerId, {
        handRaisedAt: raised ? now() : null,
      });
      if (!updated) return fail('not_in_room', 'You are no longer in that room.');
      changed(member.roomId, updated);
      return ok({});
    },

    reaction(socket, { reaction }) {
      const member = socket.data.member;
      // Its channels, not only its membership: a socket removed through another node is out of them at once.
      if (!member || !socket.rooms.has(roomChannel(member.roomId)))
        return fail('not_in_room', 'Join a room first.');
      if (!mayReact(socket)) return fail('rate_limited', 'Too many reactions; wait a moment.');
      socket.to(roomChannel(member.roomId)).emit('reaction', { from: member.peerId, reaction });
      return ok({});
    },
  };
}
