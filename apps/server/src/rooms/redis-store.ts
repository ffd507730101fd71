import type { Peer, PeerId, RoomId } from '@parley/protocol';
import type { Clock } from '../rate-limit.js';
import type { DoorStore, Entry } from './door.js';
import { inJoinOrder, parsePlace, type RedisCommands, RedisKeys, runScript } from './redis-client.js';
import { RedisDoor } from './redis-door.js';
import { SCRIPTS, type Script, SWEEP_LIMIT } from './redis-scripts.js';
import type {
  Claim,
  HeldSeat,
  Holder,
  JoinOutcome,
  Liveness,
  PeerChanges,
  RoomStore,
  Seat,
} from './store.js';

export type { RedisCommands } from './redis-client.js';

export interface RedisRoomStoreOptions {
  /** Starts every key; lets several deployments (or tests) share one Redis. Default `parley:`. */
  keyPrefix?: string;
  /** A place not renewed for this long is swept: its node is taken for dead. */
  leaseMs: number;
  /** How often a node renews the places it holds; well under `leaseMs`. */
  renewEveryMs: number;
  /** How long an ended seat is remembered: the lifetime of a session token. */
  endedTtlMs: number;
  now?: Clock;
}

/**
 * Lease timings for a grace period: a peer whose node died is treated like one whose socket
 * dropped when the node went, so the others hear `peer:left` between `graceMs + renewEveryMs` and
 * `graceMs + 3 × renewEveryMs` later (last renewal, lease, next sweep), unless it came back through
 * another node first.
 */
export function leaseTimings(graceMs: number): { leaseMs: number; renewEveryMs: number } {
  const renewEveryMs = Math.min(5000, Math.max(1000, Math.round(graceMs / 3)));
  return { leaseMs: graceMs + 2 * renewEveryMs, renewEveryMs };
}

/** Rooms in Redis, shared by every node that points at it; the door's half is in redis-door.ts. */
export class RedisRoomStore implements RoomStore {
  readonly liveness: Liveness;
  private readonly keys: RedisKeys;
  private readonly doorway: RedisDoor;
  private readonly leaseMs: number;
  private readonly endedTtlMs: number;
  private readonly now: Clock;
  private sweepsPausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: RedisCommands,
    options: RedisRoomStoreOptions,
  ) {
    this.keys = new RedisKeys(options.keyPrefix ?? 'parley:');
    this.leaseMs = options.leaseMs;
    this.endedTtlMs = options.endedTtlMs;
    this.doorway = new RedisDoor(redis, this.keys, this.endedTtlMs, this.leaseMs, (roomId, peerId, changes) =>
      this.update(roomId, peerId, changes),
    );
    this.now = options.now ?? Date.now;
    this.liveness = {
      renewEveryMs: options.renewEveryMs,
      renew: (seats) => this.renew(seats),
      restore: (seat) => this.restore(seat),
      sweep: () => this.sweep(),
      renewKnocks: (knocks) => this.doorway.renewKnocks(knocks),
      sweepKnocks: async () => (this.sweepsPaused() ? [] : this.doorway.sweepKnocks()),
    };
  }

  /**
   * Redis is back after an outage: leases it kept ran out while nobody could renew them, so no
   * sweep for one lease, until every live node has renewed (or restored) what it holds.
   */
  redisReturned(): void {
    this.sweepsPausedUntil = this.now() + this.leaseMs;
  }

  async join(
    roomId: RoomId,
    peer: Peer,
    maxPeers: number,
    holder?: Holder,
    entry: Entry = {},
  ): Promise<JoinOutcome> {
    const reply = (await this.run(
      SCRIPTS.join,
      [
        this.roomKey(roomId),
        this.key('rooms'),
        this.key('leases'),
        this.key('seq'),
        this.keys.door('door', roomId),
        this.keys.door('removed', roomId),
        // No admitted knock: a key that never exists (a knock id has no spaces).
        `${this.keys.ticketPrefix(roomId)}${entry.admittedKnock ?? ' none'}`,
        this.keys.door('knocks', roomId),
      ],
      [
        roomId,
        peer.peerId,
        JSON.stringify(plain(peer)),
        String(maxPeers),
        holder?.owner ?? '',
        String(this.leaseMs),
        holder?.nonce ?? '',
        holder?.deviceKey ?? '',
        entry.returning ? '1' : '0',
        entry.admittedKnock !== undefined ? '1' : '0',
      ],
    )) as string[];
    if (reply[0] === 'locked') return { ok: false, reason: 'room_locked' };
    if (reply[0] !== 'ok') return { ok: false, reason: 'room_full' };
    return {
      ok: true,
      peers: inJoinOrder(reply.slice(4)),
      host: reply[1] === '1',
      room: { locked: reply[2] === '1', hasPassword: reply[3] === '1' },
    };
  }

  async leave(roomId: RoomId, peerId: PeerId, ownerId = ''): Promise<Peer | undefined> {
    const reply = (await this.run(
      SCRIPTS.leave,
      [this.roomKey(roomId), this.key('rooms'), this.key('leases'), this.keys.door('removed', roomId)],
      [roomId, peerId, ownerId, this.keys.prefix, String(this.endedTtlMs), '0'],
    )) as string | null;
    return reply === null ? undefined : parsePlace(reply).peer;
  }

  async claim(roomId: RoomId, peerId: PeerId, holder: Holder): Promise<Claim> {
    const reply = (await this.run(
      SCRIPTS.claim,
      [this.roomKey(roomId), this.key('leases')],
      [roomId, peerId, holder.owner, String(this.leaseMs), holder.nonce],
    )) as string[];
    if (reply[0] === 'ok') return { ok: true, previous: reply[1] || undefined };
    return { ok: false, reason: reply[0] === 'other_seat' ? 'other_seat' : 'absent' };
  }

  async ended(nonce: string): Promise<boolean> {
    return Number(await this.redis.exists(this.key(`ended:${nonce}`))) === 1;
  }

  async owner(roomId: RoomId, peerId: PeerId): Promise<string | undefined> {
    const raw = (await this.redis.hGet(this.roomKey(roomId), peerId)) as string | null;
    return raw === null ? undefined : parsePlace(raw).owner || undefined;
  }

  async lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    const raw = (await this.redis.hGet(this.roomKey(roomId), peerId)) as string | null;
    return raw === null ? undefined : parsePlace(raw).peer;
  }

  async both(roomId: RoomId, a: PeerId, b: PeerId): Promise<readonly [boolean, boolean]> {
    const [first, second] = (await this.redis.hmGet(this.roomKey(roomId), [a, b])) as (string | null)[];
    return [first != null, second != null];
  }

  async members(roomId: RoomId): Promise<Peer[]> {
    return inJoinOrder((await this.redis.hVals(this.roomKey(roomId))) as string[]);
  }

  async update(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Promise<Peer | undefined> {
    // Only the fields a peer may change; `media` is merged, as in memory.
    const fields: PeerChanges = {};
    if (changes.name !== undefined) fields.name = changes.name;
    if (changes.media !== undefined) fields.media = { ...changes.media };
    if (changes.host !== undefined) fields.host = changes.host;
    if (changes.handRaisedAt !== undefined) fields.handRaisedAt = changes.handRaisedAt;
    const reply = (await this.run(
      SCRIPTS.update,
      [this.roomKey(roomId)],
      [peerId, JSON.stringify(fields)],
    )) as string | null;
    return reply === null ? undefined : parsePlace(reply).peer;
  }

  async stats(): Promise<{ rooms: number; peers: number }> {
    const [rooms, peers] = await Promise.all([
      this.redis.sCard(this.key('rooms')),
      this.redis.zCard(this.key('leases')),
    ]);
    return { rooms: Number(rooms), peers: Number(peers) };
  }

  // ---- the door: redis-door.ts ----

  door: DoorStore['door'] = (roomId) => this.doorway.door(roomId);
  setLocked: DoorStore['setLocked'] = (roomId, locked) => this.doorway.setLocked(roomId, locked);
  setPassword: DoorStore['setPassword'] = (roomId, hash) => this.doorway.setPassword(roomId, hash);
  knock: DoorStore['knock'] = (roomId, knock, cap) => this.doorway.knock(roomId, knock, cap);
  knocks: DoorStore['knocks'] = (roomId) => this.doorway.knocks(roomId);
  withdraw: DoorStore['withdraw'] = (roomId, knockId, sid) => this.doorway.withdraw(roomId, knockId, sid);
  answer: DoorStore['answer'] = (roomId, ids, admit, ttl) => this.doorway.answer(roomId, ids, admit, ttl);
  promote: DoorStore['promote'] = (roomId, peerId) => this.doorway.promote(roomId, peerId);
  handover: DoorStore['handover'] = (roomId) => this.doorway.handover(roomId);
  remove: DoorStore['remove'] = (roomId, peerId) => this.doorway.remove(roomId, peerId);
  end: DoorStore['end'] = (roomId) => this.doorway.end(roomId);

  private async renew(seats: Seat[]): Promise<Seat[]> {
    if (seats.length === 0) return [];
    const missing = (await this.run(
      SCRIPTS.renew,
      [this.key('leases')],
      [this.key('room:'), String(this.leaseMs), ...seats.map(leaseMember)],
    )) as string[];
    return missing.map(seatOf);
  }

  private async restore(seat: HeldSeat): Promise<boolean> {
    const reply = await this.run(
      SCRIPTS.restore,
      [
        this.roomKey(seat.roomId),
        this.key('rooms'),
        this.key('leases'),
        this.key('seq'),
        this.key(`ended:${seat.nonce}`),
      ],
      [
        seat.roomId,
        seat.peerId,
        JSON.stringify(plain(seat.peer)),
        seat.owner,
        String(this.leaseMs),
        seat.nonce,
      ],
    );
    return Number(reply) === 1;
  }

  private async sweep(): Promise<Seat[]> {
    if (this.sweepsPaused()) return [];
    const removed = (await this.run(
      SCRIPTS.sweep,
      [this.key('leases'), this.key('rooms')],
      [this.keys.prefix, String(SWEEP_LIMIT)],
    )) as string[];
    return removed.map(seatOf);
  }

  private sweepsPaused(): boolean {
    return this.now() < this.sweepsPausedUntil;
  }

  private run(script: Script, keys: string[], args: string[]): Promise<unknown> {
    return runScript(this.redis, script, keys, args);
  }

  private key(name: string): string {
    return this.keys.key(name);
  }

  private roomKey(roomId: RoomId): string {
    return this.keys.room(roomId);
  }
}

const leaseMember = (seat: Seat): string => `${seat.roomId} ${seat.peerId}`;

function seatOf(member: string): Seat {
  const space = member.indexOf(' ');
  return { roomId: member.slice(0, space), peerId: member.slice(space + 1) };
}

// Exactly the peer's own fields, whatever else the caller's object carries.
function plain(peer: Peer): Peer {
  return {
    peerId: peer.peerId,
    name: peer.name,
    media: { ...peer.media },
    host: peer.host,
    ...(peer.handRaisedAt !== undefined && { handRaisedAt: peer.handRaisedAt }),
  };
}
