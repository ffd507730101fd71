import type { Peer, PeerId, RoomId } from '@parley/protocol';
import type { Clock } from '../rate-limit.js';
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
  peer: Peer;
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

  async join(roomId: RoomId, peer: Peer, maxPeers: number, holder?: Holder): Promise<JoinOutcome> {
    const reply = (await this.run(
      SCRIPTS.join,
      [this.roomKey(roomId), this.key('rooms'), this.key('leases'), this.key('seq')],
      [
        roomId,
        peer.peerId,
        JSON.stringify(plain(peer)),
        String(maxPeers),
        holder?.owner ?? '',
        String(this.leaseMs),
        holder?.nonce ?? '',
      ],
    )) as string[];
    if (reply[0] !== 'ok') return { ok: false, reason: 'room_full' };
    return { ok: true, peers: inJoinOrder(reply.slice(1)) };
  }

  async leave(roomId: RoomId, peerId: PeerId, ownerId = ''): Promise<Peer | undefined> {
    const reply = (await this.run(
      SCRIPTS.leave,
      [this.roomKey(roomId), this.key('rooms'), this.key('leases')],
      [roomId, peerId, ownerId, this.prefix, String(this.endedTtlMs)],
    )) as string | null;
    return reply === null ? undefined : parse(reply).peer;
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
    // Only the fields the protocol lets a peer change; `media` is replaced whole, as in memory.
    const fields: PeerChanges = {};
    if (changes.name !== undefined) fields.name = changes.name;
    if (changes.media !== undefined) fields.media = { ...changes.media };
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

// Exactly the peer's own fields, whatever else the caller's object carries.
function plain(peer: Peer): Peer {
  return { peerId: peer.peerId, name: peer.name, media: { ...peer.media }, host: peer.host };
}
