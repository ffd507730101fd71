import type { Peer, PeerId, RoomId, RoomState } from '@parley/protocol';
import type { Clock } from '../rate-limit.js';
import type { DoorView, Ending, Entry, KnockOutcome, KnockRecord, Removal, Succession } from './door.js';
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
import { SCRIPTS, type Script, SWEEP_LIMIT } from './redis-scripts.js';

/**
 * What the store needs of a node-redis (v5) client: scripts and a few reads. Every write is a Lua
 * script, so each one is atomic on the Redis server however many nodes share it.
 */
export interface RedisCommands {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  hGet(key: string, field: string): Promise<unknown>;
  hmGet(key: string, fields: string[]): Promise<unknown>;
  hVals(key: string): Promise<unknown>;
  hGetAll(key: string): Promise<unknown>;
  sCard(key: string): Promise<unknown>;
  exists(key: string): Promise<unknown>;
  zCard(key: string): Promise<unknown>;
}

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

interface StoredPlace {
  n: number;
  owner: string;
  nonce?: string;
  deviceKey?: string;
  peer: Peer;
}

interface StoredKnock extends KnockRecord {
  n: number;
}

/** Rooms in Redis, shared by every node that points at it. */
export class RedisRoomStore implements RoomStore {
  readonly liveness: Liveness;
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly endedTtlMs: number;
  private readonly now: Clock;
  private sweepsPausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: RedisCommands,
    options: RedisRoomStoreOptions,
  ) {
    this.prefix = options.keyPrefix ?? 'parley:';
    this.leaseMs = options.leaseMs;
    this.endedTtlMs = options.endedTtlMs;
    this.now = options.now ?? Date.now;
    this.liveness = {
      renewEveryMs: options.renewEveryMs,
      renew: (seats) => this.renew(seats),
      restore: (seat) => this.restore(seat),
      sweep: () => this.sweep(),
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
        this.doorKey('door', roomId),
        this.doorKey('removed', roomId),
        // No admitted knock: a key that never exists (a knock id has no spaces).
        `${this.ticketPrefix(roomId)}${entry.admittedKnock ?? ' none'}`,
        this.doorKey('knocks', roomId),
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
    return (await this.takeOut(roomId, peerId, ownerId, false))?.peer;
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
    return raw === null ? undefined : parse(raw).owner || undefined;
  }

  async lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    const raw = (await this.redis.hGet(this.roomKey(roomId), peerId)) as string | null;
    return raw === null ? undefined : parse(raw).peer;
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
    return reply === null ? undefined : parse(reply).peer;
  }

  async stats(): Promise<{ rooms: number; peers: number }> {
    const [rooms, peers] = await Promise.all([
      this.redis.sCard(this.key('rooms')),
      this.redis.zCard(this.key('leases')),
    ]);
    return { rooms: Number(rooms), peers: Number(peers) };
  }

  // ---- the door (door.ts) ----

  async door(roomId: RoomId): Promise<DoorView> {
    const [fields, open] = await Promise.all([
      this.redis.hGetAll(this.doorKey('door', roomId)) as Promise<Record<string, string>>,
      this.redis.exists(this.roomKey(roomId)),
    ]);
    // An empty room's door is about to go (see `handover`); the next joiner starts a new room.
    if (Number(open) === 0) return { locked: false, passwordHash: undefined };
    return { locked: fields.locked === '1', passwordHash: fields.pw };
  }

  setLocked(roomId: RoomId, locked: boolean): Promise<RoomState | undefined> {
    return this.setDoor(roomId, 'locked', locked ? '1' : '');
  }

  setPassword(roomId: RoomId, passwordHash: string | undefined): Promise<RoomState | undefined> {
    return this.setDoor(roomId, 'pw', passwordHash ?? '');
  }

  async knock(roomId: RoomId, knock: KnockRecord, cap: number): Promise<KnockOutcome> {
    const record: KnockRecord = { knockId: knock.knockId, name: knock.name, sid: knock.sid };
    return (await this.run(
      SCRIPTS.knock,
      [this.roomKey(roomId), this.doorKey('knocks', roomId), this.key('seq')],
      [knock.knockId, JSON.stringify(record), String(cap)],
    )) as KnockOutcome;
  }

  async knocks(roomId: RoomId): Promise<KnockRecord[]> {
    return knocksInOrder((await this.redis.hVals(this.doorKey('knocks', roomId))) as string[]);
  }

  async withdraw(roomId: RoomId, knockId: string, sid: string): Promise<KnockRecord | undefined> {
    const reply = (await this.run(SCRIPTS.withdraw, [this.doorKey('knocks', roomId)], [knockId, sid])) as
      | string
      | null;
    return reply === null ? undefined : knocksInOrder([reply])[0];
  }

  async answer(
    roomId: RoomId,
    knockIds: string[] | 'all',
    admit: boolean,
    ticketTtlMs: number,
  ): Promise<KnockRecord[]> {
    if (knockIds !== 'all' && knockIds.length === 0) return [];
    const reply = (await this.run(
      SCRIPTS.answer,
      [this.doorKey('knocks', roomId)],
      [
        admit ? '1' : '0',
        String(ticketTtlMs),
        this.ticketPrefix(roomId),
        ...(knockIds === 'all' ? [] : knockIds),
      ],
    )) as string[];
    return knocksInOrder(reply);
  }

  promote(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    return this.update(roomId, peerId, { host: true });
  }

  async handover(roomId: RoomId): Promise<Succession> {
    const [outcome, ...rest] = (await this.run(
      SCRIPTS.handover,
      [
        this.roomKey(roomId),
        this.doorKey('door', roomId),
        this.doorKey('removed', roomId),
        this.doorKey('knocks', roomId),
      ],
      [],
    )) as string[];
    if (outcome === 'closed') return { promoted: undefined, closed: knocksInOrder(rest) };
    const promoted = outcome === 'promoted' && rest[0] ? parse(rest[0]).peer : undefined;
    return { promoted, closed: [] };
  }

  async remove(roomId: RoomId, peerId: PeerId): Promise<Removal | undefined> {
    const place = await this.takeOut(roomId, peerId, '', true);
    return place && { peer: place.peer, owner: place.owner };
  }

  async end(roomId: RoomId): Promise<Ending> {
    const [records, knocks] = (await this.run(
      SCRIPTS.end,
      [
        this.roomKey(roomId),
        this.key('rooms'),
        this.key('leases'),
        this.doorKey('door', roomId),
        this.doorKey('removed', roomId),
        this.doorKey('knocks', roomId),
      ],
      [roomId, this.prefix, String(this.endedTtlMs)],
    )) as [string[], string[]];
    return { peers: inJoinOrder(records), knocks: knocksInOrder(knocks) };
  }

  private async setDoor(roomId: RoomId, field: string, value: string): Promise<RoomState | undefined> {
    const reply = (await this.run(
      SCRIPTS.door,
      [this.roomKey(roomId), this.doorKey('door', roomId)],
      [field, value],
    )) as [number, number] | null;
    return reply === null ? undefined : { locked: reply[0] === 1, hasPassword: reply[1] === 1 };
  }

  /** Removes a place (see `leave`); `bar`: and bars its device key from the room. */
  private async takeOut(
    roomId: RoomId,
    peerId: PeerId,
    ownerId: string,
    bar: boolean,
  ): Promise<StoredPlace | undefined> {
    const reply = (await this.run(
      SCRIPTS.leave,
      [this.roomKey(roomId), this.key('rooms'), this.key('leases'), this.doorKey('removed', roomId)],
      [roomId, peerId, ownerId, this.prefix, String(this.endedTtlMs), bar ? '1' : '0'],
    )) as string | null;
    return reply === null ? undefined : parse(reply);
  }

  private async renew(seats: Seat[]): Promise<Seat[]> {
    if (seats.length === 0) return [];
    const missing = (await this.run(
      SCRIPTS.renew,
      [this.key('leases')],
      [this.prefix, String(this.leaseMs), ...seats.map(leaseMember)],
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
    if (this.now() < this.sweepsPausedUntil) return [];
    const removed = (await this.run(
      SCRIPTS.sweep,
      [this.key('leases'), this.key('rooms')],
      [this.prefix, String(SWEEP_LIMIT)],
    )) as string[];
    return removed.map(seatOf);
  }

  /** EVALSHA, loading the script with EVAL the first time a Redis has not seen it (or restarted). */
  private async run(script: Script, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalSha(script.sha1, { keys, arguments: args });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(script.source, { keys, arguments: args });
    }
  }

  private key(name: string): string {
    return `${this.prefix}${name}`;
  }

  private roomKey(roomId: RoomId): string {
    return this.key(`room:${roomId}`);
  }

  private doorKey(kind: 'door' | 'removed' | 'knocks', roomId: RoomId): string {
    return this.key(`${kind}:${roomId}`);
  }

  private ticketPrefix(roomId: RoomId): string {
    return this.key(`ticket:${roomId}:`);
  }
}

const leaseMember = (seat: Seat): string => `${seat.roomId} ${seat.peerId}`;

function seatOf(member: string): Seat {
  const space = member.indexOf(' ');
  return { roomId: member.slice(0, space), peerId: member.slice(space + 1) };
}

function parse(raw: string): StoredPlace {
  return JSON.parse(raw) as StoredPlace;
}

function inJoinOrder(raws: string[]): Peer[] {
  return raws
    .map(parse)
    .sort((a, b) => a.n - b.n)
    .map((r) => r.peer);
}

function knocksInOrder(raws: string[]): KnockRecord[] {
  return raws
    .map((raw) => JSON.parse(raw) as StoredKnock)
    .sort((a, b) => a.n - b.n)
    .map(({ knockId, name, sid }) => ({ knockId, name, sid }));
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
