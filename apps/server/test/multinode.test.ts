import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { JoinResponse, Peer } from '@parley/protocol';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeProcess, START_TIMEOUT_MS, startNode as startNodeProcess } from './node-process.js';
import { freePort, startRedis, type TestRedis } from './redis-server.js';
import { type Client, join, media, nextEvent, record, sleep } from './support.js';

// Two real server processes (the entry point, from source) sharing one real redis-server.

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const SESSION_SECRET = 'multinode-session-secret-0123456789';
const GRACE_MS = 3000;
const description = { type: 'offer' as const, sdp: 'v=0' };

const startNode = (name: string, redisUrl: string, env: Record<string, string> = {}) =>
  startNodeProcess(name, {
    REDIS_URL: redisUrl,
    SESSION_SECRET,
    RECONNECT_GRACE_MS: String(GRACE_MS),
    MAX_PEERS: '8',
    LOG_LEVEL: 'info',
    ...env,
  });

type Node = NodeProcess;

describe('two nodes sharing one Redis', () => {
  let redis: TestRedis;
  let nodeA: Node;
  let nodeB: Node;
  /** Shut down gracefully half-way through; A is killed at the end. */
  let nodeC: Node;
  const started: Node[] = [];
  const clients: Client[] = [];

  const connect = async (node: Node, reconnect = false): Promise<Client> => {
    const client: Client = connectClient(node.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: reconnect,
      reconnectionDelay: 100,
      reconnectionDelayMax: 100,
    });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('connect_error', reject);
    });
    return client;
  };

  /**
   * Waits until every broadcast `sender`'s node made before now has reached `receiver` on the other
   * node: one Redis stream carries them in order, so a fresh `peer:updated` from `sender` comes last.
   * (Under load, a `peer:joined` sent before `receiver` joined can otherwise still be on its way.)
   */
  const drained = async (sender: Client, receiver: Client, name: string) => {
    const updated = nextEvent(receiver, 'peer:updated');
    await sender.timeout(3000).emitWithAck('peer:update', { name });
    await updated;
  };

  const resume = async (client: Client, roomId: string, me: JoinResponse, name: string) => {
    const result = await client.timeout(3000).emitWithAck('room:join', {
      roomId,
      name,
      media,
      resume: { peerId: me.self.peerId, token: me.session.token },
    });
    if (!result.ok) throw new Error(`resume failed: ${result.error.code}`);
    return result.data;
  };

  beforeAll(async () => {
    redis = await startRedis();
    // Settled, not raced: a node that did start is still stopped when the other one failed.
    const outcomes = await Promise.allSettled(['A', 'B', 'C'].map((name) => startNode(name, redis.url)));
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') started.push(outcome.value);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
    [nodeA, nodeB, nodeC] = started as [Node, Node, Node];
  }, START_TIMEOUT_MS + 5000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(started.map((node) => node.stop()));
    await redis?.stop();
  }, 15_000);

  it('joins, relays, updates and leaves across nodes', async () => {
    const [a1, b1, a2] = [await connect(nodeA), await connect(nodeB), await connect(nodeA)];
    const joinedAtA1 = record(a1, 'peer:joined');

    const ja1 = await join(a1, 'cross-room', 'Ada');
    const jb1 = await join(b1, 'cross-room', 'Bob');
    const ja2 = await join(a2, 'cross-room', 'Cy');
    const ids = { ada: ja1.self.peerId, bob: jb1.self.peerId, cy: ja2.self.peerId };
    expect(jb1.peers.map((p: Peer) => p.peerId)).toEqual([ids.ada]);
    expect(ja2.peers.map((p: Peer) => p.peerId)).toEqual([ids.ada, ids.bob]);
    // Events from two nodes have no order between them: Cy's (local to A) may beat Bob's.
    await expect.poll(() => joinedAtA1.map((p) => p.name).sort()).toEqual(['Bob', 'Cy']);

    // Both directions; a `from` the client makes up is dropped, the server sets its own.
    const atAda = nextEvent(a1, 'signal');
    const forged = { to: ids.ada, description, from: ids.cy } as {
      to: string;
      description: typeof description;
    };
    expect(await b1.timeout(3000).emitWithAck('signal', forged)).toEqual({ ok: true, data: {} });
    expect(await atAda).toEqual({ from: ids.bob, description });
    const atBob = nextEvent(b1, 'signal');
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' };
    await a2.timeout(3000).emitWithAck('signal', { to: ids.bob, candidate });
    expect(await atBob).toEqual({ from: ids.cy, candidate });

    const updatedAtA1 = nextEvent(a1, 'peer:updated');
    const updatedAtA2 = nextEvent(a2, 'peer:updated');
    const screen = { audio: true, video: true, screen: true };
    await b1.timeout(3000).emitWithAck('peer:update', { name: 'Bob (desk)', media: screen });
    const bobNow = { peerId: ids.bob, name: 'Bob (desk)', media: screen, host: false };
    expect(await updatedAtA1).toEqual(bobNow);
    expect(await updatedAtA2).toEqual(bobNow);

    const leftAtA1 = nextEvent(a1, 'peer:left');
    const leftAtB1 = nextEvent(b1, 'peer:left');
    await a2.timeout(3000).emitWithAck('room:leave', {});
    expect(await leftAtA1).toEqual({ peerId: ids.cy });
    expect(await leftAtB1).toEqual({ peerId: ids.cy });
    // Gone from the room on every node: a signal to it is refused on B too.
    expect(await b1.timeout(3000).emitWithAck('signal', { to: ids.cy, description })).toMatchObject({
      ok: false,
      error: { code: 'peer_not_found' },
    });
  });

  it('admits exactly 8 of 20 concurrent joins spread over both nodes', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 20 }, (_, i) => connect(i % 2 === 0 ? nodeA : nodeB)),
    );
    const results = await Promise.all(
      crowd.map((c, i) =>
        c.timeout(5000).emitWithAck('room:join', { roomId: 'busy-room', name: `p${i}`, media }),
      ),
    );
    const admitted = results.filter((r) => r.ok);
    expect(admitted).toHaveLength(8);
    expect(results.filter((r) => !r.ok && r.error.code === 'room_full')).toHaveLength(12);
    // Each admitted peer saw those admitted before it, whichever node they joined through.
    const seen = admitted.map((r) => (r.ok ? r.data.peers.length : -1)).sort((x, y) => x - y);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    // A seat freed on one node is a seat taken on the other.
    const seated = results.findIndex((r) => r.ok);
    const waiting = results.findIndex((r, i) => !r.ok && i % 2 !== seated % 2);
    await crowd[seated]?.timeout(3000).emitWithAck('room:leave', {});
    const retry = await crowd[waiting]?.timeout(3000).emitWithAck('room:join', {
      roomId: 'busy-room',
      name: 'late',
      media,
    });
    expect(retry).toMatchObject({ ok: true });
    if (retry?.ok) expect(retry.data.peers).toHaveLength(7);
    for (const c of crowd) c.disconnect();
  });

  it("brings a peer whose socket dropped on A back through B with its token; A's grace timer leaves it be", {
    timeout: 15_000,
  }, async () => {
    const rita = await connect(nodeA);
    const sam = await connect(nodeA);
    const bob = await connect(nodeB);
    const r = await join(rita, 'handover', 'Rita');
    const s = await join(sam, 'handover', 'Sam');
    const b = await join(bob, 'handover', 'Bob');
    await drained(sam, bob, 'Sam');
    const left = record(bob, 'peer:left');
    const joined = record(bob, 'peer:joined');

    // Dropped connections, not clients that said goodbye; the proxy sends them to the other node.
    rita.io.engine.close();
    sam.io.engine.close();
    const [rita2, sam2] = [await connect(nodeB), await connect(nodeB)];
    const back = await resume(sam2, 'handover', s, 'Sam');
    expect(back).toMatchObject({ self: { peerId: s.self.peerId }, resumed: true });
    expect(back.peers.map((p: Peer) => p.peerId)).toEqual([r.self.peerId, b.self.peerId]);
    expect(await resume(rita2, 'handover', r, 'Rita')).toMatchObject({ resumed: true });

    // Past A's grace period: both are still there, and reachable on B.
    await sleep(GRACE_MS + 1000);
    for (const [client, peerId] of [
      [rita2, r.self.peerId],
      [sam2, s.self.peerId],
    ] as const) {
      const arrived = nextEvent(client, 'signal');
      expect(await bob.timeout(3000).emitWithAck('signal', { to: peerId, description })).toEqual({
        ok: true,
        data: {},
      });
      expect(await arrived).toEqual({ from: b.self.peerId, description });
    }
    expect(left).toEqual([]);
    expect(joined).toEqual([]);
  });

  it('when node C shuts down (SIGTERM, a rolling deploy), its peers resume on B and nobody hears they left', {
    timeout: 15_000,
  }, async () => {
    const walt = await connect(nodeC);
    const zoe = await connect(nodeB);
    const w = await join(walt, 'rolling', 'Walt');
    const z = await join(zoe, 'rolling', 'Zoe');
    const left = record(zoe, 'peer:left');
    const updated = record(zoe, 'peer:updated');

    const dropped = new Promise<void>((resolve) => walt.once('disconnect', () => resolve()));
    await nodeC.stop();
    expect(nodeC.process.exitCode).toBe(0);
    await dropped;
    const walt2 = await connect(nodeB);
    expect(await resume(walt2, 'rolling', w, 'Walt')).toMatchObject({ resumed: true });

    const arrived = nextEvent(walt2, 'signal');
    await zoe.timeout(3000).emitWithAck('signal', { to: w.self.peerId, description });
    expect(await arrived).toEqual({ from: z.self.peerId, description });
    const atZoe = nextEvent(zoe, 'signal');
    await walt2.timeout(3000).emitWithAck('signal', { to: z.self.peerId, candidate: { candidate: '' } });
    expect(await atZoe).toEqual({ from: w.self.peerId, candidate: { candidate: '' } });
    expect(left).toEqual([]);
    expect(updated.map((p) => p.peerId)).toEqual([w.self.peerId]);
  });

  it('when node A dies, its peers carry on through B with the same ids; one that never returns is swept', {
    timeout: 20_000,
  }, async () => {
    const [x1, x2, ghost] = [await connect(nodeA), await connect(nodeA), await connect(nodeA)];
    const y = await connect(nodeB);
    const jx1 = await join(x1, 'survivors', 'Xena');
    const jx2 = await join(x2, 'survivors', 'Xavier');
    const jg = await join(ghost, 'survivors', 'Ghost');
    const jy = await join(y, 'survivors', 'Yan');
    await drained(ghost, y, 'Ghost');
    const left = record(y, 'peer:left');
    const joined = record(y, 'peer:joined');
    // Yan also hosts a locked room where someone on A is knocking.
    const doorHost = await connect(nodeB);
    await join(doorHost, 'locked-door', 'Hana');
    expect(await doorHost.timeout(3000).emitWithAck('room:lock', { locked: true })).toEqual({
      ok: true,
      data: {},
    });
    const knocker = await connect(nodeA);
    const knocked = await knocker.timeout(3000).emitWithAck('knock', { roomId: 'locked-door', name: 'Kim' });
    if (!knocked.ok) throw new Error(knocked.error.code);
    const gone = record(doorHost, 'knock:gone');

    const killedAt = Date.now();
    nodeA.process.kill('SIGKILL');
    await once(nodeA.process, 'exit');

    const [x1b, x2b] = await Promise.all([connect(nodeB), connect(nodeB)]);
    const rx1 = await resume(x1b, 'survivors', jx1, 'Xena');
    const rx2 = await resume(x2b, 'survivors', jx2, 'Xavier');
    expect(rx1).toMatchObject({ self: { peerId: jx1.self.peerId }, resumed: true });
    expect(rx2).toMatchObject({ self: { peerId: jx2.self.peerId }, resumed: true });
    expect(rx2.peers.map((p: Peer) => p.peerId)).toEqual([jx1.self.peerId, jg.self.peerId, jy.self.peerId]);

    // Relays work between the survivors and to the node that was always there.
    const atX1 = nextEvent(x1b, 'signal');
    await y.timeout(3000).emitWithAck('signal', { to: jx1.self.peerId, description });
    expect(await atX1).toEqual({ from: jy.self.peerId, description });
    const atX2 = nextEvent(x2b, 'signal');
    await x1b.timeout(3000).emitWithAck('signal', { to: jx2.self.peerId, description });
    expect(await atX2).toEqual({ from: jx1.self.peerId, description });
    const atY = nextEvent(y, 'signal');
    await x2b.timeout(3000).emitWithAck('signal', { to: jy.self.peerId, description });
    expect(await atY).toEqual({ from: jx2.self.peerId, description });

    // Nobody renews the ghost's lease any more: B sweeps it and tells the room, once.
    await expect.poll(() => left, { timeout: 12_000, interval: 100 }).toEqual([{ peerId: jg.self.peerId }]);
    const sweptAfter = Date.now() - killedAt;
    expect(sweptAfter).toBeGreaterThanOrEqual(GRACE_MS);
    // Nobody renews the knock either: it leaves the queue, and the host is told.
    await expect
      .poll(() => gone, { timeout: 5000, interval: 100 })
      .toEqual([{ knockId: knocked.data.knockId }]);
    // A last round trip through both nodes: nothing else was on its way to Yan.
    const updated = nextEvent(y, 'peer:updated');
    await x1b.timeout(3000).emitWithAck('peer:update', { name: 'Xena' });
    await updated;
    expect(left).toEqual([{ peerId: jg.self.peerId }]);
    expect(joined).toEqual([]);
  });
});

describe('a node whose Redis cannot be reached', () => {
  it('exits 1 at start with one line, naming where it looked but no password', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=development', 'src/main.ts'], {
      cwd: SERVER_DIR,
      env: { PATH: process.env.PATH ?? '', PORT: '0', REDIS_URL: `redis://parley:hunter2@127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toBe(
      `cannot reach Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    expect(stdout).toBe('');
  });
});
