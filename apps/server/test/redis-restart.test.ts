import type { JoinResponse, Peer } from '@parley/protocol';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { leaseTimings } from '../src/rooms/redis-store.js';
import { type NodeProcess, START_TIMEOUT_MS, startNode } from './node-process.js';
import { startRedis, type TestRedis } from './redis-server.js';
import { type Client, connectTo, join, nextEvent, record, sleep } from './support.js';

// Two real nodes, a real redis-server SIGKILLed and started again mid-call. Short grace settings
// (3 s grace: renewals every 1 s, leases of 5 s) stand in for the defaults (15 s, 5 s, 25 s).

const GRACE_MS = 3000;
const { leaseMs } = leaseTimings(GRACE_MS);
const description = { type: 'offer' as const, sdp: 'v=0' };

describe.each([
  { persistence: 'none', outageMs: 500, what: 'loses its data and comes back at once' },
  { persistence: 'none', outageMs: leaseMs + 1500, what: 'loses its data and is away longer than a lease' },
  {
    persistence: 'aof',
    outageMs: leaseMs + 1500,
    what: 'keeps its data (AOF) and is away longer than a lease',
  },
] as const)('a Redis that $what', ({ persistence, outageMs }) => {
  let redis: TestRedis | undefined;
  const nodes: NodeProcess[] = [];
  const clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await Promise.all(nodes.splice(0).map((node) => node.stop()));
    await redis?.stop();
  });

  const connect = (node: NodeProcess): Promise<Client> => connectTo(node.url, clients);

  it('loses no one: within a lease every seat is back, nobody hears peer:left, a newcomer sees the whole room', {
    timeout: 2 * START_TIMEOUT_MS + outageMs + 4 * leaseMs,
  }, async () => {
    redis = await startRedis({ persistence });
    const env = {
      REDIS_URL: redis.url,
      SESSION_SECRET: 'restart-session-secret-0123456789',
      RECONNECT_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: 'info',
    };
    nodes.push(...(await Promise.all([startNode('A', env), startNode('B', env)])));
    const [nodeA, nodeB] = nodes as [NodeProcess, NodeProcess];
    const call = [await connect(nodeA), await connect(nodeA), await connect(nodeB)];
    const joined: JoinResponse[] = [];
    for (const [i, client] of call.entries()) joined.push(await join(client, 'steady-room', `P${i}`));
    const ids = joined.map((j) => j.self.peerId);
    const left = call.map((client) => record(client, 'peer:left'));

    await redis.kill();
    await sleep(outageMs);
    await redis.restart();
    const back = Date.now();

    const probe = createClient({ url: redis.url });
    await probe.connect();
    try {
      await expect
        .poll(async () => (await probe.hKeys('parley:room:steady-room')).sort(), {
          timeout: leaseMs,
          interval: 100,
        })
        .toEqual([...ids].sort());
      expect(Date.now() - back).toBeLessThan(leaseMs);
    } finally {
      probe.destroy();
    }

    const newcomer = await connect(nodeB);
    const seen = await join(newcomer, 'steady-room', 'New');
    expect(seen.peers.map((p: Peer) => p.peerId)).toEqual(expect.arrayContaining(ids));
    expect(seen.peers).toHaveLength(3);

    // Past another lease (and the sweeps' pause): still nobody has left, and signals go through.
    await sleep(leaseMs + 1000);
    for (const [i, client] of call.entries()) {
      const to = ids[(i + 1) % ids.length] as string;
      const arrived = nextEvent(call[(i + 1) % call.length] as Client, 'signal', 3000);
      expect(await client.timeout(3000).emitWithAck('signal', { to, description })).toEqual({
        ok: true,
        data: {},
      });
      expect(await arrived).toEqual({ from: ids[i], description });
    }
    expect(left).toEqual([[], [], []]);
  });
});
