import { randomBytes } from 'node:crypto';
import {
  type AckResult,
  fail,
  type IceServer,
  ok,
  type Peer,
  type SignalMessage,
  type SignalRequest,
} from '@parley/protocol';
import type { Logger } from '../logger.js';
import type { RoomPolicy } from '../policy.js';
import { Budget, type Clock, Keyed, type RateLimits } from '../rate-limit.js';
import type { RoomStore } from '../rooms/store.js';
import { mintNonce, type Sessions } from '../session.js';
import { mintTurnCredentials } from '../turn.js';
import type { Admission } from './admission.js';
import { peerChannel, roomChannel } from './channels.js';
import type { Door } from './door.js';
import { type Hosts, refused } from './hosts.js';
import type { Presence } from './presence.js';
import type { EventHandlers, ParleyServer, ParleySocket } from './types.js';

export interface EventDeps {
  io: ParleyServer;
  store: RoomStore;
  presence: Presence;
  hosts: Hosts;
  door: Door;
  admission: Admission;
  sessions: Sessions;
  policy: RoomPolicy;
  rateLimits: RateLimits;
  logger: Logger;
  /** Counts each signal relayed (metrics). */
  relayed: () => void;
  /** Wall clock, for TURN credential expiry. */
  now: Clock;
}

/** While TURN credentials are held back (the address minted its share this minute), ask again after this. */
const TURN_RETRY_MS = 30_000;

/** What a signal weighs against a pair's byte budget: its text, plus a little for the envelope. */
const weight = (request: SignalRequest): number =>
  64 + (request.description?.sdp?.length ?? 0) + (request.candidate?.candidate.length ?? 0);

export type CoreEvents = 'room:join' | 'room:leave' | 'signal' | 'peer:update' | 'ice:refresh';

/** The handlers of the call's own events; each runs on a payload its schema has accepted. */
export function createEventHandlers({
  io,
  store,
  presence,
  hosts,
  door,
  admission,
  sessions,
  policy,
  rateLimits,
  logger,
  relayed,
  now,
}: EventDeps): Pick<EventHandlers, CoreEvents> {
  const { maxPeers, iceServers, iceTransportPolicy, turn, graceMs, uplinkBudgetBps } = policy;

  // Each socket's signal budgets, one per peer it signals.
  const pairs = new WeakMap<ParleySocket, Keyed<string, Budget>>();
  const pairBudget = (socket: ParleySocket, to: string): Budget => {
    let keyed = pairs.get(socket);
    if (!keyed) {
      keyed = new Keyed(() => new Budget(rateLimits.pair), maxPeers);
      pairs.set(socket, keyed);
    }
    return keyed.get(to);
  };

  const iceFor = (
    socket: ParleySocket,
    peerId: string,
  ): { iceServers: IceServer[]; iceExpiresAt?: number } | undefined => {
    if (!turn) return { iceServers };
    if (!admission.allowTurn(socket.data.address)) return undefined;
    const minted = mintTurnCredentials(turn, peerId, now());
    return { iceServers: [...iceServers, minted.iceServer], iceExpiresAt: minted.expiresAt };
  };

  const invalidSession = () =>
    fail('invalid_session', 'That session is not valid here; join as a new participant.');

  const relay = (
    socket: ParleySocket,
    from: string,
    { to, ...body }: SignalRequest,
    present: readonly [boolean, boolean],
  ): AckResult<Record<string, never>> => {
    // Its own seat gone (swept, or lost with Redis's data) while the socket stayed: the client resumes.
    if (!present[0]) return fail('not_in_room', 'You are no longer in that room.');
    if (!present[1]) return fail('peer_not_found', 'There is no such peer in your room.');
    if (!pairBudget(socket, to).take(weight({ to, ...body }))) {
      return fail('rate_limited', 'Too many signals to that peer; slow down.');
    }
    // `from` comes from the sender's own membership; the schema has already dropped any the client sent.
    const message: SignalMessage = { ...body, from };
    io.to(peerChannel(to)).emit('signal', message);
    relayed();
    return ok({});
  };

  return {
    async 'room:join'(socket, request) {
      const { roomId, name, media, resume, deviceKey } = request;
      if (await presence.current(socket))
        return fail('already_in_room', 'You are already in a room; leave it first.');
      let nonce: string | undefined;
      if (resume) {
        nonce = sessions.verify(roomId, resume.peerId, resume.token);
        // A bad token costs a join, so guessing is as slow as joining.
        if (!nonce) return admission.allowJoin(socket.data.address) ? invalidSession() : tooManyJoins();
      } else if (!admission.allowJoin(socket.data.address)) {
        return tooManyJoins();
      }
      const peerId = resume?.peerId ?? mintPeerId();
      let peer: Peer = {
        peerId,
        name,
        media: { audio: media.audio, video: media.video, screen: media.screen ?? false },
        host: false,
      };

      // A known peer coming back: take over from its old socket, tell the others only what changed.
      const owner = presence.ownerOf(socket);
      let resumed = false;
      let peers: Peer[] = [];
      if (resume && nonce) {
        const claim = await store.claim(roomId, peerId, { owner, nonce });
        if (claim.ok) {
          // The old socket may still be open, on this node or another (a network switch).
          if (claim.previous && claim.previous !== socket.id) io.in(claim.previous).disconnectSockets(true);
          const updated = await store.update(roomId, peerId, { name, media: peer.media });
          if (updated) {
            resumed = true;
            peer = updated;
            peers = (await store.members(roomId)).filter((p) => p.peerId !== peerId);
          }
        } else if (claim.reason === 'other_seat' || (await store.ended(nonce))) {
          return invalidSession();
        }
        // Otherwise the store does not know the seat (a server restarted with the same secret, or
        // Redis that lost its data): it is taken again below, as the same peer and seat.
      }
      const seat = nonce ?? mintNonce();
      let room = { locked: false, hasPassword: false };
      if (resumed) {
        const view = await store.door(roomId);
        room = { locked: view.locked, hasPassword: view.passwordHash !== undefined };
      } else {
        // A seat coming back passes the door; anyone else is checked at it (ticket, password).
        const passed = nonce ? { entry: { returning: true } } : await door.enter(socket, request);
        if (refused(passed)) return passed;
        const holder = { owner, nonce: seat, ...(deviceKey !== undefined && { deviceKey }) };
        const outcome = await store.join(roomId, peer, maxPeers, holder, passed.entry);
        if (!outcome.ok && outcome.reason === 'room_locked') {
          return fail('room_locked', 'This room is locked: ask to join, and a host can let you in.');
        }
        if (!outcome.ok) {
          logger.info({ sid: socket.id, roomId, maxPeers }, 'room full');
          return fail('room_full', `This room is full: it holds at most ${maxPeers} people.`);
        }
        peers = outcome.peers;
        peer = { ...peer, host: outcome.host };
        room = outcome.room;
      }
      await door.withdraw(socket);
      presence.seated(socket, { roomId, peerId, owner, nonce: seat, peer });
      await socket.join([roomChannel(roomId), peerChannel(peerId)]);
      // After the ack: the knocks waiting at the door.
      if (peer.host) {
        setImmediate(() =>
          hosts
            .seated(socket, roomId)
            .catch((error: unknown) => logger.warn({ err: error }, 'telling knocks failed')),
        );
      }
      socket.to(roomChannel(roomId)).emit(resumed ? 'peer:updated' : 'peer:joined', peer);
      logger.info(
        { sid: socket.id, roomId, peerId, size: peers.length + 1, resumed },
        resumed ? 'peer resumed' : 'peer joined',
      );
      return ok({
        self: { peerId },
        peers,
        // Held back this minute: the client asks again (ice:refresh) once these "expire".
        ...(iceFor(socket, peerId) ?? { iceServers, iceExpiresAt: now() + TURN_RETRY_MS }),
        iceTransportPolicy,
        maxPeers,
        session: { token: sessions.mint(roomId, peerId, seat), graceMs },
        ...(uplinkBudgetBps !== undefined && { uplinkBudgetBps }),
        resumed,
        room,
        host: peer.host,
      });
    },

    'ice:refresh'(socket) {
      const member = socket.data.member;
      if (!member) return fail('not_in_room', 'Join a room before asking for ICE servers.');
      const ice = iceFor(socket, member.peerId);
      return ice
        ? ok(ice)
        : fail('rate_limited', 'Too many relay credentials from your address; try again soon.');
    },

    async 'room:leave'(socket) {
      // Leaving when not in a room is not an error: the caller wants to be out, and it is.
      await presence.leave(socket);
      return ok({});
    },

    signal(socket, request) {
      const member = socket.data.member;
      if (!member) return fail('not_in_room', 'Join a room before sending signals.');
      const { roomId, peerId } = member;
      if (request.to === peerId) return fail('peer_not_found', 'There is no such peer in your room.');
      // The hot path: with the store in this process, checked and relayed without a promise.
      if (store.bothNow) return relay(socket, peerId, request, store.bothNow(roomId, peerId, request.to));
      return store
        .both(roomId, peerId, request.to)
        .then((present) => relay(socket, peerId, request, present));
    },

    async 'peer:update'(socket, changes) {
      const member = socket.data.member;
      if (!member) return fail('not_in_room', 'Join a room before updating yourself.');
      const peer = await store.update(member.roomId, member.peerId, changes);
      if (!peer) return fail('not_in_room', 'You are no longer in that room.');
      presence.updated(peer);
      socket.to(roomChannel(member.roomId)).emit('peer:updated', peer);
      return ok({});
    },
  };
}

function tooManyJoins(): AckResult<never> {
  return fail('rate_limited', 'Too many joins from your address; wait a minute and try again.');
}

// Not the socket id: that one is visible in transport logs and changes on reconnect.
function mintPeerId(): string {
  return randomBytes(12).toString('base64url');
}
