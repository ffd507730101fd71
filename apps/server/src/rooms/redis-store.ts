import { createHash } from 'node:crypto';
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

/*
 * Keys (prefix `parley:` by default):
 *   room:<roomId>  hash   peerId -> {"n":<join order>,"owner":"<owner id>","nonce":"<seat nonce>","peer":<Peer>}
 *   rooms          set    room ids with at least one peer (for stats)
 *   leases         zset   "<roomId> <peerId>" scored by its lease deadline in ms (Redis clock)
 *   seq            string counter giving each join its order
 *   ended:<nonce>  string a seat that was left, kept for the lifetime of a session token
 * Room ids never contain a space, so a lease member splits at its first one. Scripts read the
 * Redis clock, never a node's, so nodes with skewed clocks agree on what has expired. Scripts that
 * build keys from what they read (sweep, renew, leave) need a standalone Redis, not a Cluster.
 */

const NOW = `
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** Adds a record; KEYS: room, rooms, leases, seq. */
const ADD = `
local function add(roomId, peerId, peerJson, owner, nonce, deadline)
  local n = redis.call('INCR', KEYS[4])
  redis.call('HSET', KEYS[1], peerId,
    '{"n":' .. n .. ',"owner":' .. cjson.encode(owner) .. ',"nonce":' .. cjson.encode(nonce) ..
    ',"peer":' .. peerJson .. '}')
  redis.call('SADD', KEYS[2], roomId)
  redis.call('ZADD', KEYS[3], deadline, roomId .. ' ' .. peerId)
end
`;

/** KEYS: room, rooms, leases, seq. ARGV: roomId, peerId, peer JSON, maxPeers, ownerId, leaseMs, nonce. */
const JOIN = `${NOW}${ADD}
local present = redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1
if not present and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return {'full'}
end
local reply = {'ok'}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i] ~= ARGV[2] then reply[#reply + 1] = all[i + 1] end
end
add(ARGV[1], ARGV[2], ARGV[3], ARGV[5], ARGV[7], now() + tonumber(ARGV[6]))
return reply
`;

/** KEYS: room, rooms, leases. ARGV: roomId, peerId, ownerId ('' for whoever owns it), key prefix, ended TTL ms. */
const LEAVE = `
local record = redis.call('HGET', KEYS[1], ARGV[2])
if not record then return false end
local decoded = cjson.decode(record)
if ARGV[3] ~= '' and decoded.owner ~= ARGV[3] then return false end
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1] .. ' ' .. ARGV[2])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
if type(decoded.nonce) == 'string' and decoded.nonce ~= '' then
  redis.call('SET', ARGV[4] .. 'ended:' .. decoded.nonce, '1', 'PX', ARGV[5])
end
return record
`;

/** KEYS: room, leases. ARGV: roomId, peerId, ownerId, leaseMs, nonce. A claim renews the lease too. */
const CLAIM = `${NOW}
local raw = redis.call('HGET', KEYS[1], ARGV[2])
if not raw then return {'absent'} end
local record = cjson.decode(raw)
if record.nonce ~= ARGV[5] then return {'other_seat'} end
local previous = record.owner
record.owner = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[2], cjson.encode(record))
redis.call('ZADD', KEYS[2], now() + tonumber(ARGV[4]), ARGV[1] .. ' ' .. ARGV[2])
if type(previous) ~= 'string' then previous = '' end
return {'ok', previous}
`;

/** KEYS: room. ARGV: peerId, changes JSON (top-level fields of Peer, each replaced whole). */
const UPDATE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local record = cjson.decode(raw)
for field, value in pairs(cjson.decode(ARGV[2])) do record.peer[field] = value end
local encoded = cjson.encode(record)
redis.call('HSET', KEYS[1], ARGV[1], encoded)
return encoded
`;

/**
 * KEYS: leases. ARGV: key prefix, leaseMs, then lease members. A member whose room no longer
 * holds it is not renewed but answered: the node decides whether to restore it.
 */
const RENEW = `${NOW}
local deadline = now() + tonumber(ARGV[2])
local missing = {}
for i = 3, #ARGV do
  local member = ARGV[i]
  local space = string.find(member, ' ', 1, true)
  local room = ARGV[1] .. 'room:' .. string.sub(member, 1, space - 1)
  if redis.call('HEXISTS', room, string.sub(member, space + 1)) == 1 then
    redis.call('ZADD', KEYS[1], deadline, member)
  else
    missing[#missing + 1] = member
  end
end
return missing
`;

/**
 * KEYS: room, rooms, leases, seq, ended:<nonce>. ARGV: roomId, peerId, peer JSON, ownerId, leaseMs, nonce.
 * Put back only if the room lacks the peer and its seat was not ended meanwhile.
 */
const RESTORE = `${NOW}${ADD}
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 or redis.call('EXISTS', KEYS[5]) == 1 then
  return 0
end
add(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[6], now() + tonumber(ARGV[5]))
return 1
`;

/** KEYS: leases, rooms. ARGV: key prefix, limit. */
const SWEEP = `${NOW}
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now(), 'LIMIT', 0, tonumber(ARGV[2]))
local removed = {}
for _, member in ipairs(expired) do
  local space = string.find(member, ' ', 1, true)
  local roomId = string.sub(member, 1, space - 1)
  local room = ARGV[1] .. 'room:' .. roomId
  redis.call('ZREM', KEYS[1], member)
  if redis.call('HDEL', room, string.sub(member, space + 1)) == 1 then
    removed[#removed + 1] = member
    if redis.call('HLEN', room) == 0 then redis.call('SREM', KEYS[2], roomId) end
  end
end
return removed
`;

/** Places swept per call; the rest wait for the next sweep. */
const SWEEP_LIMIT = 200;

interface Script {
  source: string;
  sha1: string;
}

const script = (source: string): Script => ({
  source,
  sha1: createHash('sha1').update(source).digest('hex'),
});

const SCRIPTS = {
  join: script(JOIN),
  leave: script(LEAVE),
  claim: script(CLAIM),
  update: script(UPDATE),
  renew: script(RENEW),
  restore: script(RESTORE),
  sweep: script(SWEEP),
};

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
  return { peerId: peer.peerId, name: peer.name, media: { ...peer.media } };
}
