import type { JoinRequest } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { silentLogger } from '../src/logger.js';
import { connectRedis, type RedisBackend } from '../src/redis.js';
import { startRedis, type TestRedis } from './redis-server.js';
import { type Client, connectTo, join, media, nextEvent, record, settle } from './support.js';

// Room control across two nodes (two apps in this process, each with its own Redis connection,
// store and streams adapter) sharing one real redis-server: the knocker on one node, the host on
// the other.

const SESSION_SECRET = 'room-control-multinode-secret-0123';
const GRACE_MS = 600;

interface Node {
  app: App;
  url: string;
  backend: RedisBackend;
}

describe('room control on two nodes sharing one Redis', () => {
  let redis: TestRedis;
  let nodeA: Node;
  let nodeB: Node;
  const nodes: Node[] = [];
  const clients: Client[] = [];

  const startNode = async (): Promise<Node> => {
    const logger = silentLogger();
    const backend = await connectRedis(redis.url, { logger, graceMs: GRACE_MS, keyPrefix: 'rc:' });
    const app = createApp(
      { logger, store: backend.store, adapter: backend.adapter },
      {
        graceMs: GRACE_MS,
        sessionSecret: SESSION_SECRET,
        maxPeers: 8,
        maxSocketsPerIp: 1e6,
        joinsPerMinutePerIp: 1e6,
      },
    );
    const { port } = await app.listen(0, '127.0.0.1');
    const node = { app, url: `http://127.0.0.1:${port}`, backend };
    nodes.push(node);
    return node;
  };
  const connect = (node: Node) => connectTo(node.url, clients);
  const joinWith = (client: Client, request: Partial<JoinRequest> & { roomId: string; name: string }) =>
    client.timeout(5000).emitWithAck('room:join', { media, ...request });
  const knock = async (client: Client, roomId: string, name: string) => {
    const result = await client.timeout(5000).emitWithAck('knock', { roomId, name });
    if (!result.ok) throw new Error(`knock failed: ${result.error.code}`);
    return result.data.knockId;
  };

  beforeAll(async () => {
    redis = await startRedis();
    nodeA = await startNode();
    nodeB = await startNode();
  }, 20_000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    for (const node of nodes) {
      await node.app.close();
      await node.backend.close();
    }
    await redis?.stop();
  }, 15_000);

  it('lets a host on one node admit or deny a knock from the other', async () => {
    const ada = await connect(nodeB);
    const bob = await connect(nodeA);
    await join(ada, 'cross-door', 'Ada');
    await join(bob, 'cross-door', 'Bob');
    const state = nextEvent(bob, 'room:state', 5000);
    await ada.timeout(5000).emitWithAck('room:lock', { locked: true });
    expect(await state).toEqual({ locked: true, hasPassword: false });
    // A non-host on the other node is refused, and nothing changes.
    expect(await bob.timeout(5000).emitWithAck('room:lock', { locked: false })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const carol = await connect(nodeA);
    expect(await joinWith(carol, { roomId: 'cross-door', name: 'Carol' })).toMatchObject({
      ok: false,
      error: { code: 'room_locked' },
    });
    const knockAtAda = nextEvent(ada, 'knock', 5000);
    const knockId = await knock(carol, 'cross-door', 'Carol');
    expect(await knockAtAda).toEqual({ knockId, name: 'Carol' });
    const result = nextEvent(carol, 'knock:result', 5000);
    await ada.timeout(5000).emitWithAck('knock:answer', { knockId, admit: true });
    const admitted = await result;
    if (!admitted.admitted) throw new Error('not admitted');
    expect(
      await joinWith(carol, { roomId: 'cross-door', name: 'Carol', ticket: admitted.ticket }),
    ).toMatchObject({
      ok: true,
      data: { room: { locked: true } },
    });

    const dan = await connect(nodeA);
    const danKnock = await knock(dan, 'cross-door', 'Dan');
    const denied = nextEvent(dan, 'knock:result', 5000);
    await ada.timeout(5000).emitWithAck('knock:answer', { knockId: danKnock, admit: false });
    expect(await denied).toEqual({ admitted: false });
    expect(await joinWith(dan, { roomId: 'cross-door', name: 'Dan' })).toMatchObject({
      ok: false,
      error: { code: 'room_locked' },
    });

    // Withdrawn on one node: gone at the host on the other.
    const erin = await connect(nodeA);
    const erinKnock = await knock(erin, 'cross-door', 'Erin');
    const gone = nextEvent(ada, 'knock:gone', 5000);
    erin.disconnect();
    expect(await gone).toEqual({ knockId: erinKnock });
  });

  it('hands the host role over across nodes, on leave and past the grace period', async () => {
    const ada = await connect(nodeA);
    const bob = await connect(nodeB);
    const carol = await connect(nodeA);
    await join(ada, 'cross-handover', 'Ada');
    const b = await join(bob, 'cross-handover', 'Bob');
    const c = await join(carol, 'cross-handover', 'Carol');
    await ada.timeout(5000).emitWithAck('room:lock', { locked: true });
    const knockId = await knock(await connect(nodeA), 'cross-handover', 'Dan');

    const promoted = nextEvent(carol, 'peer:updated', 5000);
    const knockAtBob = nextEvent(bob, 'knock', 5000);
    await ada.timeout(5000).emitWithAck('room:leave', {});
    expect(await promoted).toMatchObject({ peerId: b.self.peerId, host: true });
    expect(await knockAtBob).toEqual({ knockId, name: 'Dan' });

    // Bob (on B) drops; past the grace period Carol (on A) is host.
    const atCarol = record(carol, 'peer:updated');
    bob.io.engine.close();
    await expect
      .poll(() => atCarol, { timeout: 5000 })
      .toEqual([expect.objectContaining({ peerId: c.self.peerId, host: true })]);
    expect(await carol.timeout(5000).emitWithAck('room:lock', { locked: false })).toEqual({
      ok: true,
      data: {},
    });
  });

  it('removes a participant on the other node at once, for good, and ends a room on every node', async () => {
    const ada = await connect(nodeA);
    const bob = await connect(nodeB);
    const carol = await connect(nodeB);
    const a = await join(ada, 'cross-remove', 'Ada');
    const bobJoin = await joinWith(bob, {
      roomId: 'cross-remove',
      name: 'Bob',
      deviceKey: 'bob-device-key-000001',
    });
    if (!bobJoin.ok) throw new Error(bobJoin.error.code);
    const b = bobJoin.data;
    const c = await join(carol, 'cross-remove', 'Carol');

    const removed = nextEvent(bob, 'removed', 5000);
    const left = nextEvent(carol, 'peer:left', 5000);
    await ada.timeout(5000).emitWithAck('host:remove', { peerId: b.self.peerId });
    expect(await removed).toEqual({ by: { peerId: a.self.peerId, name: 'Ada' } });
    expect(await left).toEqual({ peerId: b.self.peerId });
    const events: string[] = [];
    bob.onAny((event: string) => events.push(event));
    await ada.timeout(5000).emitWithAck('peer:update', { name: 'Ada 2' });
    await carol.timeout(5000).emitWithAck('reaction', { reaction: '👏' });
    await settle(ada, carol, bob);
    expect(events).toEqual([]);

    // Its token is void on every node; the same socket (on B) and device must knock.
    const resume = { peerId: b.self.peerId, token: b.session.token };
    expect(
      await joinWith(await connect(nodeA), { roomId: 'cross-remove', name: 'Bob', resume }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_session' },
    });
    expect(
      await joinWith(bob, { roomId: 'cross-remove', name: 'Bob', deviceKey: 'bob-device-key-000001' }),
    ).toMatchObject({ ok: false, error: { code: 'room_locked' } });

    const endedAtCarol = nextEvent(carol, 'room:ended', 5000);
    await ada.timeout(5000).emitWithAck('room:end', {});
    expect(await endedAtCarol).toEqual({ by: { peerId: a.self.peerId, name: 'Ada 2' } });
    const carolResume = { peerId: c.self.peerId, token: c.session.token };
    expect(
      await joinWith(await connect(nodeA), { roomId: 'cross-remove', name: 'Carol', resume: carolResume }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_session' } });
    // Carol's socket (on B) may start again: the room is gone, the door forgotten.
    expect(await joinWith(carol, { roomId: 'cross-remove', name: 'Carol' })).toMatchObject({
      ok: true,
      data: { host: true, peers: [] },
    });
  });

  it('caps knocks sent through both nodes, and admitting all never overfills the room', async () => {
    const ada = await connect(nodeA);
    await join(ada, 'cross-crowd', 'Ada');
    await ada.timeout(5000).emitWithAck('room:lock', { locked: true });
    const crowd = await Promise.all(Array.from({ length: 20 }, (_, i) => connect(i % 2 ? nodeA : nodeB)));
    const results = crowd.map((c) => nextEvent(c, 'knock:result', 8000));
    const knocks = await Promise.all(
      crowd.map((c, i) => c.timeout(5000).emitWithAck('knock', { roomId: 'cross-crowd', name: `p${i}` })),
    );
    expect(knocks.filter((k) => k.ok)).toHaveLength(20);
    await ada.timeout(5000).emitWithAck('knock:answer', { all: true, admit: true });
    const joins = await Promise.all(
      crowd.map(async (c, i) => {
        const result = await results[i];
        if (!result?.admitted) throw new Error('not admitted');
        return joinWith(c, { roomId: 'cross-crowd', name: `p${i}`, ticket: result.ticket });
      }),
    );
    expect(joins.filter((j) => j.ok)).toHaveLength(7);
    expect(joins.filter((j) => !j.ok && j.error.code === 'room_full')).toHaveLength(13);
    expect(await nodeB.app.store.members('cross-crowd')).toHaveLength(8);
  });
});
