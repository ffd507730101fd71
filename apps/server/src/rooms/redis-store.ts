import { createHash } from 'node:crypto';
import type { Peer, PeerId, RoomId } from '@parley/protocol';
import type { Claim, JoinOutcome, Liveness, PeerChanges, RoomStore, Seat } from './store.js';

/**
 * What the store needs of a node-redis (v5) client: scripts and a few reads. Every write is a Lua
 * script, so each one is atomic on the Redis server however many nodes share it.
 */
export interface RedisCommands {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  hGet(key: string, field: string): Promise<unknown>;
  hVals(key: string): Promise<unknown>;
  sCard(key: string): Promise<unknown>;
  zCard(key: string): Promise<unknown>;
}

export interface RedisRoomStoreOptions {
  /** Starts every key; lets several deployments (or tests) share one Redis. Default `parley:`. */
  keyPrefix?: string;
  /** A place not renewed for this long is swept: its node is taken for dead. */
  leaseMs: number;
  /** How often a node renews the places it holds; well under `leaseMs`. */
  renewEveryMs: number;
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
 *   room:<roomId>  hash   peerId -> {"n":<join order>,"owner":"<owner id>","peer":<Peer>}
 *   rooms          set    room ids with at least one peer (for stats)
 *   leases         zset   "<roomId> <peerId>" scored by its lease deadline in ms (Redis clock)
 *   seq            string counter giving each join its order
 * Room ids never contain a space, so a lease member splits at its first one. Scripts read the
 * Redis clock, never a node's, so nodes with skewed clocks agree on what has expired.
 */

const NOW = `
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** KEYS: room, rooms, leases, seq. ARGV: roomId, peerId, peer JSON, maxPeers, ownerId, leaseMs. */
const JOIN = `${NOW}
local present = redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1
if not present and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return {'full'}
end
local reply = {'ok'}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i] ~= ARGV[2] then reply[#reply + 1] = all[i + 1] end
end
local n = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[1], ARGV[2],
  '{"n":' .. n .. ',"owner":' .. cjson.encode(ARGV[5]) .. ',"peer":' .. ARGV[3] .. '}')
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], now() + tonumber(ARGV[6]), ARGV[1] .. ' ' .. ARGV[2])
return reply
`;

/** KEYS: room, rooms, leases. ARGV: roomId, peerId, ownerId ('' for whoever owns it). */
const LEAVE = `
local record = redis.call('HGET', KEYS[1], ARGV[2])
if not record then return false end
if ARGV[3] ~= '' and cjson.decode(record).owner ~= ARGV[3] then return false end
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1] .. ' ' .. ARGV[2])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return record
`;

/** KEYS: room, leases. ARGV: roomId, peerId, ownerId, leaseMs. A claim renews the lease too. */
const CLAIM = `${NOW}
local raw = redis.call('HGET', KEYS[1], ARGV[2])
if not raw then return false end
local record = cjson.decode(raw)
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

/** KEYS: leases. ARGV: leaseMs, then lease members. XX: a place already gone is not brought back. */
const RENEW = `${NOW}
local deadline = now() + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', deadline, ARGV[i]) end
return 0
`;

/**
 * KEYS: leases, rooms. ARGV: key prefix, limit. Room keys are built here from the lease members,
 * which a standalone Redis (or Sentinel) allows; Redis Cluster would not.
 */
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
  sweep: script(SWEEP),
};

interface StoredPlace {
  n: number;
  owner: string;
  peer: Peer;
}

/** Rooms in Redis, shared by every node that points at it. */
export class RedisRoomStore implements RoomStore {
  readonly liveness: Liveness;
  private readonly prefix: string;
  private readonly leaseMs: number;

  constructor(
    private readonly redis: RedisCommands,
    options: RedisRoomStoreOptions,
  ) {
    this.prefix = options.keyPrefix ?? 'parley:';
    this.leaseMs = options.leaseMs;
    this.liveness = {
      renewEveryMs: options.renewEveryMs,
      renew: (seats) => this.renew(seats),
      sweep: () => this.sweep(),
    };
  }

  async join(roomId: RoomId, peer: Peer, maxPeers: number, ownerId = ''): Promise<JoinOutcome> {
    const reply = (await this.run(
      SCRIPTS.join,
      [this.roomKey(roomId), this.key('rooms'), this.key('leases'), this.key('seq')],
      [roomId, peer.peerId, JSON.stringify(plain(peer)), String(maxPeers), ownerId, String(this.leaseMs)],
    )) as string[];
    if (reply[0] !== 'ok') return { ok: false, reason: 'room_full' };
    return { ok: true, peers: inJoinOrder(reply.slice(1)) };
  }

  async leave(roomId: RoomId, peerId: PeerId, ownerId = ''): Promise<Peer | undefined> {
    const reply = (await this.run(
      SCRIPTS.leave,
      [this.roomKey(roomId), this.key('rooms'), this.key('leases')],
      [roomId, peerId, ownerId],
    )) as string | null;
    return reply === null ? undefined : parse(reply).peer;
  }

  async claim(roomId: RoomId, peerId: PeerId, ownerId: string): Promise<Claim | undefined> {
    const reply = (await this.run(
      SCRIPTS.claim,
      [this.roomKey(roomId), this.key('leases')],
      [roomId, peerId, ownerId, String(this.leaseMs)],
    )) as [string, string] | null;
    if (reply === null) return undefined;
    return { previous: reply[1] === '' ? undefined : reply[1] };
  }

  async owner(roomId: RoomId, peerId: PeerId): Promise<string | undefined> {
    const raw = (await this.redis.hGet(this.roomKey(roomId), peerId)) as string | null;
    return raw === null ? undefined : parse(raw).owner || undefined;
  }

  async lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    const raw = (await this.redis.hGet(this.roomKey(roomId), peerId)) as string | null;
    return raw === null ? undefined : parse(raw).peer;
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

  private async renew(seats: Seat[]): Promise<void> {
    if (seats.length === 0) return;
    await this.run(
      SCRIPTS.renew,
      [this.key('leases')],
      [String(this.leaseMs), ...seats.map((s) => `${s.roomId} ${s.peerId}`)],
    );
  }

  private async sweep(): Promise<Seat[]> {
    const removed = (await this.run(
      SCRIPTS.sweep,
      [this.key('leases'), this.key('rooms')],
      [this.prefix, String(SWEEP_LIMIT)],
    )) as string[];
    return removed.map((member) => {
      const space = member.indexOf(' ');
      return { roomId: member.slice(0, space), peerId: member.slice(space + 1) };
    });
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
