import type { Peer } from '@parley/protocol';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRoomStore } from '../src/rooms/memory-store.js';
import { RedisRoomStore } from '../src/rooms/redis-store.js';
import type { RoomStore } from '../src/rooms/store.js';
import { startRedis, type TestRedis } from './redis-server.js';
import { sleep } from './support.js';

type RedisClient = ReturnType<typeof createClient>;

const peer = (peerId: string, name = peerId): Peer => ({
  peerId,
  name,
  media: { audio: true, video: false, screen: false },
  host: false,
});
/** The first to join a room is its host. */
const host = (peerId: string, name = peerId): Peer => ({ ...peer(peerId, name), host: true });
const OPEN = { locked: false, hasPassword: false };
const joined = (peers: Peer[], isHost = false) => ({ ok: true, peers, host: isHost, room: OPEN });

let redis: TestRedis;
const clients: RedisClient[] = [];
let prefixes = 0;

async function redisClient(): Promise<RedisClient> {
  const client = createClient({ url: redis.url });
  clients.push(client);
  await client.connect();
  return client;
}

/** A store on its own key prefix, so tests sharing the one redis-server never see each other's rooms. */
async function redisStore(
  options: { leaseMs?: number; client?: RedisClient; prefix?: string } = {},
): Promise<RedisRoomStore> {
  return new RedisRoomStore(options.client ?? (await redisClient()), {
    keyPrefix: options.prefix ?? `t${++prefixes}:`,
    leaseMs: options.leaseMs ?? 60_000,
    renewEveryMs: 1000,
    endedTtlMs: 60_000,
  });
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await redis?.stop();
});

// The same contract, whichever store holds the rooms.
describe.each([
  ['MemoryRoomStore', async (): Promise<RoomStore> => new MemoryRoomStore({ endedTtlMs: 60_000 })],
  ['RedisRoomStore', (): Promise<RoomStore> => redisStore()],
])('%s', (_name, makeStore) => {
  it('lists the peers already there, in the order they joined, and refuses one past the limit', async () => {
    const store = await makeStore();
    expect(await store.join('room-a', peer('p1'), 3)).toEqual(joined([], true));
    expect(await store.join('room-a', peer('p2'), 3)).toEqual(joined([host('p1')]));
    expect(await store.join('room-b', peer('q1'), 3)).toEqual(joined([], true));
    const third = await store.join('room-a', peer('p3'), 3);
    expect(third).toEqual(joined([host('p1'), peer('p2')]));
    expect(await store.join('room-a', peer('p4'), 3)).toEqual({ ok: false, reason: 'room_full' });
    expect(await store.members('room-a')).toEqual([host('p1'), peer('p2'), peer('p3')]);
    expect(await store.stats()).toEqual({ rooms: 2, peers: 4 });
  });

  it('counts a peer joining again once, and it does not take a second seat', async () => {
    const store = await makeStore();
    await store.join('room-a', peer('p1'), 2);
    await store.join('room-a', peer('p2'), 2);
    expect(await store.join('room-a', peer('p2', 'again'), 2)).toEqual(joined([host('p1')]));
    expect(await store.stats()).toEqual({ rooms: 1, peers: 2 });
  });

  it('removes a peer, answers it once, and deletes a room left empty', async () => {
    const store = await makeStore();
    await store.join('room-a', peer('p1'), 8);
    await store.join('room-a', peer('p2'), 8);
    expect(await store.leave('room-a', 'p1')).toEqual(host('p1'));
    expect(await store.leave('room-a', 'p1')).toBeUndefined();
    expect(await store.leave('room-x', 'p2')).toBeUndefined();
    expect(await store.members('room-a')).toEqual([peer('p2')]);
    await store.leave('room-a', 'p2');
    expect(await store.stats()).toEqual({ rooms: 0, peers: 0 });
    expect(await store.members('room-a')).toEqual([]);
  });

  it('hands a peer from owner to owner; a removal for an owner that lost it does nothing', async () => {
    const store = await makeStore();
    await store.join('room-a', peer('p1'), 8, { owner: 'sid-1', nonce: 'seat-1' });
    expect(await store.owner('room-a', 'p1')).toBe('sid-1');
    expect(await store.claim('room-a', 'p1', { owner: 'sid-2', nonce: 'seat-1' })).toEqual({
      ok: true,
      previous: 'sid-1',
    });
    expect(await store.owner('room-a', 'p1')).toBe('sid-2');
    expect(await store.leave('room-a', 'p1', 'sid-1')).toBeUndefined();
    expect(await store.lookup('room-a', 'p1')).toEqual(host('p1'));
    expect(await store.leave('room-a', 'p1', 'sid-2')).toEqual(host('p1'));
    expect(await store.claim('room-a', 'p1', { owner: 'sid-3', nonce: 'seat-1' })).toEqual({
      ok: false,
      reason: 'absent',
    });
    expect(await store.owner('room-a', 'p1')).toBeUndefined();
  });

  it('lets only the seat with the same nonce be claimed, and remembers seats that were left', async () => {
    const store = await makeStore();
    await store.join('room-a', peer('p1'), 8, { owner: 'sid-1', nonce: 'seat-1' });
    await store.join('room-a', peer('p2'), 8, { owner: 'sid-2', nonce: 'seat-2' });
    expect(await store.claim('room-a', 'p1', { owner: 'sid-9', nonce: 'seat-2' })).toEqual({
      ok: false,
      reason: 'other_seat',
    });
    expect(await store.owner('room-a', 'p1')).toBe('sid-1');
    expect(await store.ended('seat-1')).toBe(false);
    await store.leave('room-a', 'p1');
    expect(await store.ended('seat-1')).toBe(true);
    expect(await store.ended('seat-2')).toBe(false);
  });

  it('answers whether a sender and a target are both in a room', async () => {
    const store = await makeStore();
    await store.join('room-a', peer('p1'), 8);
    await store.join('room-a', peer('p2'), 8);
    expect(await store.both('room-a', 'p1', 'p2')).toEqual([true, true]);
    expect(await store.both('room-a', 'p1', 'nobody')).toEqual([true, false]);
    expect(await store.both('room-a', 'nobody', 'p2')).toEqual([false, true]);
    expect(await store.both('room-x', 'p1', 'p2')).toEqual([false, false]);
  });

  it('updates the name and media; any text survives the round trip', async () => {
    const store = await makeStore();
    await store.join('room-a', peer('p1'), 8);
    const name = 'Zoë "the / \\ quoted" 🎥 名前';
    expect(await store.update('room-a', 'p1', { name })).toEqual({ ...host('p1'), name });
    const media = { audio: false, video: true, screen: true };
    expect(await store.update('room-a', 'p1', { media })).toEqual({ ...host('p1'), name, media });
    expect(await store.lookup('room-a', 'p1')).toEqual({ ...host('p1'), name, media });
    // Media merges field by field (a host turns one off); a hand goes up and down.
    const off = { ...media, screen: false };
    expect(await store.update('room-a', 'p1', { media: { screen: false } })).toEqual({
      ...host('p1'),
      name,
      media: off,
    });
    expect(await store.update('room-a', 'p1', { handRaisedAt: 1_764_000_000_123 })).toEqual({
      ...host('p1'),
      name,
      media: off,
      handRaisedAt: 1_764_000_000_123,
    });
    expect(await store.update('room-a', 'p1', { handRaisedAt: null })).toEqual({
      ...host('p1'),
      name,
      media: off,
    });
    expect(await store.update('room-a', 'nobody', { name })).toBeUndefined();
    expect(await store.update('room-x', 'p1', { name })).toBeUndefined();
  });
  it('keeps a door: a locked room, or a removed device key, lets in only an admitted knock, once', async () => {
    const store = await makeStore();
    const knock = (knockId: string) => ({ knockId, name: `name ${knockId}`, sid: `sid-${knockId}` });
    await store.join('room-d', peer('p1'), 8, { owner: 'sid-1', nonce: 'n1' });
    expect(await store.setLocked('room-d', true)).toEqual({ locked: true, hasPassword: false });
    expect(await store.setLocked('room-x', true)).toBeUndefined();
    expect(await store.join('room-d', peer('p2'), 8)).toEqual({ ok: false, reason: 'room_locked' });

    expect(await store.knock('room-d', knock('k1'), 2)).toBe('ok');
    expect(await store.knock('room-d', knock('k2'), 2)).toBe('ok');
    expect(await store.knock('room-d', knock('k3'), 2)).toBe('full');
    expect(await store.knock('room-x', knock('k4'), 2)).toBe('empty');
    expect(await store.knocks('room-d')).toEqual([knock('k1'), knock('k2')]);
    // Only the knocker's own socket withdraws its knock.
    expect(await store.withdraw('room-d', 'k2', 'sid-k1')).toBeUndefined();
    expect(await store.withdraw('room-d', 'k2', 'sid-k2')).toEqual(knock('k2'));
    expect(await store.answer('room-d', ['k1'], true, 60_000)).toEqual([knock('k1')]);
    expect(await store.answer('room-d', ['k1'], true, 60_000)).toEqual([]);
    expect(await store.knocks('room-d')).toEqual([]);

    const admitted = await store.join(
      'room-d',
      peer('p2'),
      8,
      { owner: 'sid-2', nonce: 'n2', deviceKey: 'dev-2' },
      { admittedKnock: 'k1' },
    );
    expect(admitted).toEqual({
      ok: true,
      peers: [host('p1')],
      host: false,
      room: { locked: true, hasPassword: false },
    });
    expect(await store.join('room-d', peer('p3'), 8, undefined, { admittedKnock: 'k1' })).toEqual({
      ok: false,
      reason: 'room_locked',
    });
    // A denied knock lets nobody in.
    await store.knock('room-d', knock('k5'), 2);
    expect(await store.answer('room-d', 'all', false, 60_000)).toEqual([knock('k5')]);
    expect(await store.join('room-d', peer('p3'), 8, undefined, { admittedKnock: 'k5' })).toEqual({
      ok: false,
      reason: 'room_locked',
    });

    // Removed: the seat ends and its device key is barred, even with the door unlocked.
    await store.setLocked('room-d', false);
    expect(await store.remove('room-d', 'p2')).toEqual({ peer: peer('p2'), owner: 'sid-2' });
    expect(await store.ended('n2')).toBe(true);
    expect(await store.remove('room-d', 'p2')).toBeUndefined();
    expect(
      await store.join('room-d', peer('p4'), 8, { owner: 's', nonce: 'n4', deviceKey: 'dev-2' }),
    ).toEqual({
      ok: false,
      reason: 'room_locked',
    });
    expect(
      await store.join('room-d', peer('p4'), 8, { owner: 's', nonce: 'n4', deviceKey: 'dev-4' }),
    ).toMatchObject({
      ok: true,
    });
    // A seat coming back (a verified session) is not asked.
    await store.setLocked('room-d', true);
    expect(await store.join('room-d', peer('p5'), 8, undefined, { returning: true })).toMatchObject({
      ok: true,
    });

    expect(await store.setPassword('room-d', 'scrypt$salt$hash')).toEqual({
      locked: true,
      hasPassword: true,
    });
    expect(await store.door('room-d')).toEqual({ locked: true, passwordHash: 'scrypt$salt$hash' });
    expect(await store.setPassword('room-d', undefined)).toEqual({ locked: true, hasPassword: false });
  });

  it('hands the host role to the longest present, and forgets the door of a room left empty', async () => {
    const store = await makeStore();
    await store.join('room-h', peer('a'), 8);
    await store.join('room-h', peer('b'), 8);
    await store.join('room-h', peer('c'), 8);
    expect(await store.handover('room-h')).toEqual({ promoted: undefined, closed: [] });
    await store.leave('room-h', 'a');
    expect(await store.handover('room-h')).toEqual({ promoted: host('b'), closed: [] });
    expect(await store.handover('room-h')).toEqual({ promoted: undefined, closed: [] });
    expect(await store.promote('room-h', 'c')).toEqual(host('c'));
    expect(await store.promote('room-h', 'nobody')).toBeUndefined();

    await store.setLocked('room-h', true);
    await store.setPassword('room-h', 'scrypt$s$h');
    const waiting = { knockId: 'k1', name: 'Dan', sid: 'sid-dan' };
    await store.knock('room-h', waiting, 20);
    await store.leave('room-h', 'b');
    await store.leave('room-h', 'c');
    expect(await store.door('room-h')).toEqual({ locked: false, passwordHash: undefined });
    expect(await store.handover('room-h')).toEqual({ promoted: undefined, closed: [waiting] });
    expect(await store.knocks('room-h')).toEqual([]);
    // The next one to come starts a new room: host, door open.
    expect(await store.join('room-h', peer('d'), 8)).toEqual(joined([], true));
  });

  it('ends a room: every seat ends, the waiting knocks are answered, the room is gone', async () => {
    const store = await makeStore();
    await store.join('room-e', peer('a'), 8, { owner: 'sa', nonce: 'na' });
    await store.join('room-e', peer('b'), 8, { owner: 'sb', nonce: 'nb' });
    await store.join('room-f', peer('z'), 8, { owner: 'sz', nonce: 'nz' });
    await store.setLocked('room-e', true);
    const waiting = { knockId: 'k1', name: 'Dan', sid: 'sid-dan' };
    await store.knock('room-e', waiting, 20);
    expect(await store.end('room-e')).toEqual({ peers: [host('a'), peer('b')], knocks: [waiting] });
    expect(await store.ended('na')).toBe(true);
    expect(await store.ended('nb')).toBe(true);
    expect(await store.members('room-e')).toEqual([]);
    expect(await store.stats()).toEqual({ rooms: 1, peers: 1 });
    expect(await store.join('room-e', peer('c'), 8)).toEqual(joined([], true));
  });
});

describe('RedisRoomStore across nodes', () => {
  it('admits exactly maxPeers of 20 concurrent joins sent through two connections', async () => {
    const prefix = 'capacity:';
    const [a, b] = await Promise.all([
      redisStore({ prefix, client: await redisClient() }),
      redisStore({ prefix, client: await redisClient() }),
    ]);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).join('busy', peer(`p${i}`), 8, { owner: `owner-${i}`, nonce: `n${i}` }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(8);
    expect(outcomes.filter((o) => !o.ok)).toHaveLength(12);
    expect(await a.members('busy')).toHaveLength(8);
    expect(await b.stats()).toEqual({ rooms: 1, peers: 8 });
  });

  it('sweeps a place whose lease ran out exactly once, keeps those renewed, and answers those it cannot renew', async () => {
    const prefix = 'leases:';
    const [a, b] = await Promise.all([
      redisStore({ prefix, leaseMs: 1000 }),
      redisStore({ prefix, leaseMs: 1000 }),
    ]);
    await a.join('room-a', peer('kept'), 8);
    await a.join('room-a', peer('lost'), 8);
    await b.join('room-b', peer('alone'), 8);
    const kept = { roomId: 'room-a', peerId: 'kept' };
    for (let i = 0; i < 6; i++) {
      await sleep(200);
      expect(await a.liveness.renew([kept])).toEqual([]);
      // Nothing has expired yet at the first renewals.
      if (i < 2) expect(await b.liveness.sweep()).toEqual([]);
    }
    const swept = (await Promise.all([a.liveness.sweep(), b.liveness.sweep()])).flat();
    expect(swept).toEqual(
      expect.arrayContaining([
        { roomId: 'room-a', peerId: 'lost' },
        { roomId: 'room-b', peerId: 'alone' },
      ]),
    );
    expect(swept).toHaveLength(2);
    expect(await a.members('room-a')).toEqual([host('kept')]);
    expect(await a.stats()).toEqual({ rooms: 1, peers: 1 });

    const alone = { roomId: 'room-b', peerId: 'alone' };
    expect(await a.liveness.renew([alone, kept])).toEqual([alone]);
    expect(await b.members('room-b')).toEqual([]);
    expect(await b.stats()).toEqual({ rooms: 1, peers: 1 });
    // A swept seat was not left: its peer may still resume.
    expect(await a.ended('')).toBe(false);
  });

  it('sweeps a knock whose lease ran out exactly once, keeps one renewed, and forgets answered ones', async () => {
    const prefix = 'knock-leases:';
    const [a, b] = await Promise.all([
      redisStore({ prefix, leaseMs: 1000 }),
      redisStore({ prefix, leaseMs: 1000 }),
    ]);
    await a.join('room-k', peer('host'), 8);
    const knock = (knockId: string) => ({ knockId, name: knockId, sid: `sid-${knockId}` });
    for (const id of ['kept', 'lost', 'answered']) expect(await b.knock('room-k', knock(id), 8)).toBe('ok');
    expect(await a.answer('room-k', ['answered'], false, 60_000)).toEqual([knock('answered')]);
    const kept = { roomId: 'room-k', knockId: 'kept' };
    const answered = { roomId: 'room-k', knockId: 'answered' };
    for (let i = 0; i < 6; i++) {
      await sleep(200);
      // Renewing answers what is no longer waiting: its node stops renewing it.
      expect(await b.liveness.renewKnocks([kept, answered])).toEqual([answered]);
      if (i < 2) expect(await a.liveness.sweepKnocks()).toEqual([]);
    }
    const swept = (await Promise.all([a.liveness.sweepKnocks(), b.liveness.sweepKnocks()])).flat();
    // The answered knock's lease ran out too, but it was already gone: only the lost one is news.
    expect(swept).toEqual([{ roomId: 'room-k', knock: knock('lost') }]);
    expect(await a.knocks('room-k')).toEqual([knock('kept')]);
  });

  it('restores a seat it lost, unless it is there or was left', async () => {
    const prefix = 'restore:';
    const store = await redisStore({ prefix });
    const held = (peerId: string, nonce: string) => ({
      roomId: 'room-r',
      peerId,
      owner: `sid-${peerId}`,
      nonce,
      peer: peer(peerId),
    });
    await store.join('room-r', peer('here'), 8, { owner: 'sid-here', nonce: 'n-here' });
    await store.join('room-r', peer('gone'), 8, { owner: 'sid-gone', nonce: 'n-gone' });
    await store.leave('room-r', 'gone');
    expect(await store.liveness.restore(held('here', 'n-here'))).toBe(false);
    expect(await store.liveness.restore(held('gone', 'n-gone'))).toBe(false);
    expect(await store.liveness.restore(held('lost', 'n-lost'))).toBe(true);
    expect(await store.members('room-r')).toEqual([host('here'), peer('lost')]);
    expect(await store.owner('room-r', 'lost')).toBe('sid-lost');
    expect(await store.claim('room-r', 'lost', { owner: 'sid-2', nonce: 'n-lost' })).toMatchObject({
      ok: true,
    });
    expect(await store.liveness.renew([{ roomId: 'room-r', peerId: 'lost' }])).toEqual([]);
    expect(await store.stats()).toEqual({ rooms: 1, peers: 2 });
  });

  it('renews a lease on claim, so a peer taken over by a live node is not swept', async () => {
    const store = await redisStore({ leaseMs: 1500 });
    const joinedAt = Date.now();
    await store.join('room-a', peer('p1'), 8, { owner: 'dead-node', nonce: 's' });
    await sleep(900);
    await store.claim('room-a', 'p1', { owner: 'live-node', nonce: 's' });
    await sleep(1600 - (Date.now() - joinedAt));
    // Past the lease the join gave, within the one the claim gave.
    expect(await store.liveness.sweep()).toEqual([]);
    await expect
      .poll(() => store.liveness.sweep(), { timeout: 3000, interval: 100 })
      .toEqual([{ roomId: 'room-a', peerId: 'p1' }]);
  });

  it('loads its scripts again after Redis forgot them', async () => {
    const client = await redisClient();
    const store = await redisStore({ client });
    await store.join('room-a', peer('p1'), 8);
    await client.scriptFlush();
    expect(await store.join('room-a', peer('p2'), 8)).toEqual(joined([host('p1')]));
  });
});
