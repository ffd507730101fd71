import { randomBytes } from 'node:crypto';
import { type AckResult, type DoorHostEventName, fail, type JoinRequest, ok } from '@parley/protocol';
import type { Logger } from '../logger.js';
import { hashPassword, PasswordThrottle, verifyPassword } from '../password.js';
import type { RoomPolicy } from '../policy.js';
import { type Clock, type RateLimit, TokenBucket } from '../rate-limit.js';
import type { Entry, HeldKnock } from '../rooms/door.js';
import type { RoomStore } from '../rooms/store.js';
import { type Sessions, TICKET_TTL_MS } from '../session.js';
import type { Admission } from './admission.js';
import { hostChannel, roomChannel } from './channels.js';
import { type Hosts, refused } from './hosts.js';
import type { Presence } from './presence.js';
import type { EventHandlers, ParleyServer, ParleySocket } from './types.js';

/** Knocks one socket may send: a few at once (Cancel, ask again), then one every 10 s. */
const KNOCKS_PER_SOCKET: RateLimit = { burst: 5, perSecond: 0.1 };

export type DoorEvents = 'knock' | 'knock:cancel' | DoorHostEventName;

/**
 * The room's door: lock, password, and knocks. A knock is kept in the store with the knocker's
 * socket id, announced to the room's host channel, and answered to that socket id: the knocker and
 * the hosts may sit on different nodes.
 */
export interface Door {
  handlers: Pick<EventHandlers, DoorEvents>;
  /**
   * For `room:join` (not a resume): how this join passes the door: with a genuine admission ticket
   * (the host's admission is enough, no password asked; the store takes it once), or with the
   * room's password if it has one (a ticket that is not genuine is ignored).
   * A wrong or missing password is answered `wrong_password`; a wrong one late (see password.ts).
   */
  enter(socket: ParleySocket, request: JoinRequest): Promise<{ entry: Entry } | AckResult<never>>;
  /** Withdraws the socket's knock, if it has one waiting (Cancel, a join, a disconnect). */
  withdraw(socket: ParleySocket): Promise<void>;
  /** The knocks of this node's sockets, for their leases (liveness.ts). */
  held(): HeldKnock[];
  /** Stops renewing knocks the store no longer has (answered on another node, or swept). */
  forget(knocks: HeldKnock[]): void;
}

export interface DoorDeps {
  io: ParleyServer;
  store: RoomStore;
  presence: Presence;
  hosts: Hosts;
  admission: Admission;
  sessions: Sessions;
  policy: RoomPolicy;
  logger: Logger;
  /** Counts each moderation action (metrics). */
  moderated: (action: string) => void;
  /** Waits before a wrong password is answered; tests pass one that records. */
  sleep: (ms: number) => Promise<void>;
  /** Monotonic clock for the rate limits. */
  clock?: Clock;
}

export function createDoor({
  io,
  store,
  presence,
  hosts,
  admission,
  sessions,
  policy,
  logger,
  moderated,
  sleep,
  clock,
}: DoorDeps): Door {
  const throttle = new PasswordThrottle(
    { stepMs: policy.wrongPasswordDelayMs, maxMs: 16 * policy.wrongPasswordDelayMs },
    clock,
  );
  const knockBudgets = new WeakMap<ParleySocket, TokenBucket>();
  const mayKnock = (socket: ParleySocket) => {
    let bucket = knockBudgets.get(socket);
    if (!bucket) {
      bucket = new TokenBucket(KNOCKS_PER_SOCKET, clock);
      knockBudgets.set(socket, bucket);
    }
    return bucket.take() && admission.allowJoin(socket.data.address);
  };

  /** This node's waiting knocks, by socket id. */
  const held = new Map<string, HeldKnock>();

  const withdraw = async (socket: ParleySocket) => {
    const knock = socket.data.knock;
    if (!knock) return;
    socket.data.knock = undefined;
    held.delete(socket.id);
    if (!(await store.withdraw(knock.roomId, knock.knockId, socket.id))) return;
    io.to(hostChannel(knock.roomId)).emit('knock:gone', { knockId: knock.knockId });
    logger.info({ sid: socket.id, roomId: knock.roomId, knockId: knock.knockId }, 'knock withdrawn');
  };

  return {
    withdraw,
    held: () => [...held.values()],
    forget(knocks) {
      const gone = new Set(knocks.map((k) => k.knockId));
      for (const [sid, knock] of held) if (gone.has(knock.knockId)) held.delete(sid);
    },

    async enter(socket, { roomId, ticket, password }) {
      // A genuine ticket: the host's admission is enough (the store lets it in once). Anything else
      // is no ticket at all: the door asks as it would without one.
      const knockId = ticket === undefined ? undefined : sessions.admitted(roomId, ticket);
      if (knockId) return { entry: { admittedKnock: knockId } };
      const { passwordHash } = await store.door(roomId);
      if (passwordHash === undefined) return { entry: {} };
      if (password === undefined) return fail('wrong_password', 'This room needs a password.');
      const key = `${socket.data.address} ${roomId}`;
      if (await verifyPassword(password, passwordHash)) {
        throttle.succeeded(key);
        return { entry: {} };
      }
      await sleep(throttle.failed(key));
      logger.info({ sid: socket.id, roomId }, 'wrong room password');
      return fail('wrong_password', 'That password is not right.');
    },

    handlers: {
      async knock(socket, { roomId, name }) {
        if (await presence.current(socket)) return fail('already_in_room', 'You are already in a room.');
        if (!mayKnock(socket)) return fail('rate_limited', 'Too many requests to join; wait a little.');
        // A new knock replaces the socket's earlier one.
        await withdraw(socket);
        const knockId = randomBytes(12).toString('base64url');
        const cap = policy.maxKnocksPerRoom;
        const outcome = await store.knock(roomId, { knockId, name, sid: socket.id }, cap);
        if (outcome === 'empty') return fail('not_in_room', 'Nobody is in that room now: join it instead.');
        if (outcome === 'full') {
          return fail(
            'room_full',
            `Too many people are asking to join this room (at most ${cap}); try later.`,
          );
        }
        socket.data.knock = { roomId, knockId };
        held.set(socket.id, { roomId, knockId });
        io.to(hostChannel(roomId)).emit('knock', { knockId, name });
        logger.info({ sid: socket.id, roomId, knockId }, 'knock');
        return ok({ knockId });
      },

      async 'knock:cancel'(socket) {
        await withdraw(socket);
        return ok({});
      },

      async 'knock:answer'(socket, answer) {
        const host = await hosts.authorise(socket);
        if (refused(host)) return host;
        const { roomId, peerId } = host.member;
        const ids = 'all' in answer ? 'all' : [answer.knockId];
        const answered = await store.answer(roomId, ids, answer.admit, TICKET_TTL_MS);
        for (const { knockId, sid } of answered) {
          io.to(sid).emit(
            'knock:result',
            answer.admit ? { admitted: true, ticket: sessions.ticket(roomId, knockId) } : { admitted: false },
          );
          io.to(hostChannel(roomId)).emit('knock:gone', { knockId });
        }
        const action = answer.admit ? 'admit' : 'deny';
        moderated(action);
        logger.info({ roomId, peerId, action, knocks: answered.length }, 'moderation');
        return ok({});
      },

      async 'room:lock'(socket, { locked }) {
        const host = await hosts.authorise(socket);
        if (refused(host)) return host;
        const { roomId, peerId } = host.member;
        const state = await store.setLocked(roomId, locked);
        if (!state) return fail('not_in_room', 'You are no longer in that room.');
        io.to(roomChannel(roomId)).emit('room:state', state);
        const action = locked ? 'lock' : 'unlock';
        moderated(action);
        logger.info({ roomId, peerId, action }, 'moderation');
        return ok({});
      },

      async 'room:password'(socket, { password }) {
        const host = await hosts.authorise(socket);
        if (refused(host)) return host;
        const { roomId, peerId } = host.member;
        const hash = password === null ? undefined : await hashPassword(password);
        const state = await store.setPassword(roomId, hash);
        if (!state) return fail('not_in_room', 'You are no longer in that room.');
        io.to(roomChannel(roomId)).emit('room:state', state);
        const action = password === null ? 'password-clear' : 'password-set';
        moderated(action);
        logger.info({ roomId, peerId, action }, 'moderation');
        return ok({});
      },
    },
  };
}
