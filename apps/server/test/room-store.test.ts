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
