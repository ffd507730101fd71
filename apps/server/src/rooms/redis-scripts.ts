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
 *   door:<roomId>  hash   "locked" -> "1" while locked, "pw" -> the password's scrypt hash
 *   removed:<roomId> set  device keys of removed participants (they must knock)
 *   knocks:<roomId> hash  knockId -> {"n":<order>,"knockId":…,"name":…,"sid":<socket id>}
 *   knockleases    zset   "<roomId> <knockId>" scored by its lease deadline, like `leases`: the
 *                         knocker's node renews it, so a knock whose node died does not wait for ever
 *   ticket:<roomId>:<knockId> string an admitted knock, for one join, expiring
 * The door keys go with the room: a join into an empty room deletes them, and so do `handover`
 * (once the room is empty) and `end`.
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
local function add(roomId, peerId, peerJson, owner, nonce, deadline, deviceKey)
  local n = redis.call('INCR', KEYS[4])
  redis.call('HSET', KEYS[1], peerId,
    '{"n":' .. n .. ',"owner":' .. cjson.encode(owner) .. ',"nonce":' .. cjson.encode(nonce) ..
    ',"deviceKey":' .. cjson.encode(deviceKey or '') .. ',"peer":' .. peerJson .. '}')
  redis.call('SADD', KEYS[2], roomId)
  redis.call('ZADD', KEYS[3], deadline, roomId .. ' ' .. peerId)
end
`;

/**
 * KEYS: room, rooms, leases, seq, door, removed, ticket (of the admitted knock, or any absent
 * key), knocks.
 * ARGV: roomId, peerId, peer JSON, maxPeers, ownerId, leaseMs, nonce, device key ('' for none),
 * '1' for a returning seat (the door does not ask), '1' for a join on an admission (the ticket key). Answers {'locked'}, {'full'}, or {'ok', host
 * '1'|'0', locked '1'|'0', password '1'|'0', the other records...}.
 */
const JOIN = `${NOW}${ADD}
local size = redis.call('HLEN', KEYS[1])
-- An empty room is a new room: the door of its previous life goes.
if size == 0 then redis.call('DEL', KEYS[5], KEYS[6], KEYS[8]) end
local existing = redis.call('HGET', KEYS[1], ARGV[2])
if not existing and size > 0 and ARGV[9] ~= '1' then
  if ARGV[10] == '1' then
    -- Standing on an admission: it must still be there (unused, unexpired), whatever the door.
    if redis.call('EXISTS', KEYS[7]) == 0 then return {'locked'} end
  else
    local locked = redis.call('HEXISTS', KEYS[5], 'locked') == 1
    local barred = ARGV[8] ~= '' and redis.call('SISMEMBER', KEYS[6], ARGV[8]) == 1
    if locked or barred then return {'locked'} end
  end
end
if not existing and size >= tonumber(ARGV[4]) then return {'full'} end
if not existing and ARGV[10] == '1' then redis.call('DEL', KEYS[7]) end
local reply = {'ok', '0', '0', '0'}
local host = existing and cjson.decode(existing).peer.host == true
local hasHost = false
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i] ~= ARGV[2] then
    reply[#reply + 1] = all[i + 1]
    if cjson.decode(all[i + 1]).peer.host == true then hasHost = true end
  end
end
host = host or not hasHost
local peer = cjson.decode(ARGV[3])
peer.host = host
add(ARGV[1], ARGV[2], cjson.encode(peer), ARGV[5], ARGV[7], now() + tonumber(ARGV[6]), ARGV[8])
if host then reply[2] = '1' end
if redis.call('HEXISTS', KEYS[5], 'locked') == 1 then reply[3] = '1' end
if redis.call('HEXISTS', KEYS[5], 'pw') == 1 then reply[4] = '1' end
return reply
`;

/**
 * KEYS: room, rooms, leases, removed. ARGV: roomId, peerId, ownerId ('' for whoever owns it), key
 * prefix, ended TTL ms, '1' to bar the peer's device key (a host removed it).
 */
const LEAVE = `
local record = redis.call('HGET', KEYS[1], ARGV[2])
if not record then return false end
local decoded = cjson.decode(record)
if ARGV[3] ~= '' and decoded.owner ~= ARGV[3] then return false end
if ARGV[6] == '1' and type(decoded.deviceKey) == 'string' and decoded.deviceKey ~= '' then
  redis.call('SADD', KEYS[4], decoded.deviceKey)
end
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

/**
 * KEYS: room. ARGV: peerId, changes JSON (top-level fields of Peer, each replaced whole, except
 * media, merged field by field; a null deletes the field).
 */
const UPDATE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local record = cjson.decode(raw)
for field, value in pairs(cjson.decode(ARGV[2])) do
  if value == cjson.null then
    record.peer[field] = nil
  elseif field == 'media' then
    for kind, on in pairs(value) do record.peer.media[kind] = on end
  else
    record.peer[field] = value
  end
end
local encoded = cjson.encode(record)
redis.call('HSET', KEYS[1], ARGV[1], encoded)
return encoded
`;

/**
 * KEYS: leases (or knockleases). ARGV: the prefix of the hashes that hold the members (…room: for
 * seats, …knocks: for knocks), leaseMs, then lease members "<roomId> <field>". A member its hash no
 * longer holds is not renewed but answered: the node decides what to do about it.
 */
const RENEW = `${NOW}
local deadline = now() + tonumber(ARGV[2])
local missing = {}
for i = 3, #ARGV do
  local member = ARGV[i]
  local space = string.find(member, ' ', 1, true)
  local hash = ARGV[1] .. string.sub(member, 1, space - 1)
  if redis.call('HEXISTS', hash, string.sub(member, space + 1)) == 1 then
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

// ---- the door (door.ts) ----

/** KEYS: room, door. ARGV: field ('locked' or 'pw'), value ('' clears it). Answers {locked, password} or false. */
const DOOR = `
if redis.call('HLEN', KEYS[1]) == 0 then return false end
if ARGV[2] == '' then redis.call('HDEL', KEYS[2], ARGV[1]) else redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
return {redis.call('HEXISTS', KEYS[2], 'locked'), redis.call('HEXISTS', KEYS[2], 'pw')}
`;

/** KEYS: room, knocks, seq, knockleases. ARGV: knockId, knock JSON, cap, leaseMs, lease member. */
const KNOCK = `${NOW}
if redis.call('HLEN', KEYS[1]) == 0 then return 'empty' end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 'full' end
local knock = cjson.decode(ARGV[2])
knock.n = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(knock))
redis.call('ZADD', KEYS[4], now() + tonumber(ARGV[4]), ARGV[5])
return 'ok'
`;

/**
 * KEYS: knockleases. ARGV: key prefix, limit. Removes the knocks whose lease ran out and answers
 * each as {roomId, knock JSON}. Leases of knocks already answered or withdrawn (their scripts leave
 * the lease to run out) go without a word.
 */
const SWEEP_KNOCKS = `${NOW}
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now(), 'LIMIT', 0, tonumber(ARGV[2]))
local removed = {}
for _, member in ipairs(expired) do
  local space = string.find(member, ' ', 1, true)
  local roomId = string.sub(member, 1, space - 1)
  local knocks = ARGV[1] .. 'knocks:' .. roomId
  local knockId = string.sub(member, space + 1)
  redis.call('ZREM', KEYS[1], member)
  local raw = redis.call('HGET', knocks, knockId)
  if raw then
    redis.call('HDEL', knocks, knockId)
    removed[#removed + 1] = {roomId, raw}
  end
end
return removed
`;

/** KEYS: knocks. ARGV: knockId, the knocker's socket id. */
const WITHDRAW = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw or cjson.decode(raw).sid ~= ARGV[2] then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
return raw
`;

/**
 * KEYS: knocks. ARGV: '1' to admit, ticket TTL ms, ticket key prefix (…ticket:<roomId>:), then
 * knock ids, or none for every waiting knock. Answers the knocks that were waiting.
 */
const ANSWER = `
local ids = {}
if #ARGV == 3 then ids = redis.call('HKEYS', KEYS[1]) else
  for i = 4, #ARGV do ids[#ids + 1] = ARGV[i] end
end
local answered = {}
for _, id in ipairs(ids) do
  local raw = redis.call('HGET', KEYS[1], id)
  if raw then
    redis.call('HDEL', KEYS[1], id)
    if ARGV[1] == '1' then redis.call('SET', ARGV[3] .. id, '1', 'PX', ARGV[2]) end
    answered[#answered + 1] = raw
  end
end
return answered
`;

/**
 * KEYS: room, door, removed, knocks. A room without a host gets its longest-present participant
 * as one: answers {'promoted', record}. A room left empty loses its door: {'closed', knocks...}.
 */
const HANDOVER = `
local all = redis.call('HGETALL', KEYS[1])
if #all == 0 then
  local reply = {'closed'}
  for _, raw in ipairs(redis.call('HVALS', KEYS[4])) do reply[#reply + 1] = raw end
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  return reply
end
local first, firstId
for i = 1, #all, 2 do
  local record = cjson.decode(all[i + 1])
  if record.peer.host == true then return {'kept'} end
  if not first or record.n < first.n then first, firstId = record, all[i] end
end
first.peer.host = true
local encoded = cjson.encode(first)
redis.call('HSET', KEYS[1], firstId, encoded)
return {'promoted', encoded}
`;

/**
 * KEYS: room, rooms, leases, door, removed, knocks. ARGV: roomId, key prefix, ended TTL ms.
 * Every seat ends; answers {records, knocks}.
 */
const END = `
local records = redis.call('HVALS', KEYS[1])
for _, raw in ipairs(records) do
  local record = cjson.decode(raw)
  redis.call('ZREM', KEYS[3], ARGV[1] .. ' ' .. record.peer.peerId)
  if type(record.nonce) == 'string' and record.nonce ~= '' then
    redis.call('SET', ARGV[2] .. 'ended:' .. record.nonce, '1', 'PX', ARGV[3])
  end
end
local knocks = redis.call('HVALS', KEYS[6])
redis.call('DEL', KEYS[1], KEYS[4], KEYS[5], KEYS[6])
redis.call('SREM', KEYS[2], ARGV[1])
return {records, knocks}
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
  door: script(DOOR),
  knock: script(KNOCK),
  sweepKnocks: script(SWEEP_KNOCKS),
  withdraw: script(WITHDRAW),
  answer: script(ANSWER),
  handover: script(HANDOVER),
  end: script(END),
};
