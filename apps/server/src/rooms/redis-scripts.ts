import { createHash } from 'node:crypto';

// The Lua scripts behind RedisRoomStore (redis-store.ts), one per write, each atomic on the Redis
// server. Kept apart from the class so each file holds one idea: here, what Redis does.

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
export const SWEEP_LIMIT = 200;

export interface Script {
  source: string;
  sha1: string;
}

const script = (source: string): Script => ({
  source,
  sha1: createHash('sha1').update(source).digest('hex'),
});

export const SCRIPTS = {
  join: script(JOIN),
  leave: script(LEAVE),
  claim: script(CLAIM),
  update: script(UPDATE),
  renew: script(RENEW),
  restore: script(RESTORE),
  sweep: script(SWEEP),
};
