import { type AckResult, LIMITS } from '@parley/protocol';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { type NodeProcess, START_TIMEOUT_MS, startNode } from './node-process.js';
import { startRedis, type TestRedis } from './redis-server.js';
import { type Client, connectTo, join, sleep } from './support.js';

/*
 * A pair of peers sending maximum-size descriptions to each other as fast as the server lets them:
 * what the node (and Redis) hold must stay flat, whatever the pair keeps up.
 *
 * 15 s is enough to tell: whatever keeps relayed signals for replay keeps them for at least the
 * reconnection grace period (15 s by default; Socket.IO's recovery buffer was pruned once a minute),
 * so a buffer shows as growth of (relayed bytes/s × run time): at the old limits, 100 signals/s of
 * 64 KB, over 90 MB in 15 s. Without a buffer, a signal is garbage once it has been written to the
 * receiver, and the process settles within the first seconds.
 */
const FLOOD_MS = 15_000;
const SEND_PER_SECOND = 100;
const MB = 1024 * 1024;
const SDP = maxSizeSdp();

describe('relayed signals do not pile up', () => {
  let node: NodeProcess | undefined;
  let redis: TestRedis | undefined;
  const clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await node?.stop();
    await redis?.stop();
    node = undefined;
    redis = undefined;
  });

  const connect = (url: string): Promise<Client> => connectTo(url, clients);

  /** Floods, sampling the node's RSS; answers the growth at the peak and after a short rest. */
  const flood = async (url: string) => {
    const [ada, bob] = [await connect(url), await connect(url)];
    const a = await join(ada, 'flood-pair', 'Ada');
    const b = await join(bob, 'flood-pair', 'Bob');
    const acks: Record<string, number> = {};
    const count = (result: AckResult<unknown>) => {
      const key = result.ok ? 'ok' : result.error.code;
      acks[key] = (acks[key] ?? 0) + 1;
    };
    let received = 0;
    ada.on('signal', () => received++);
    bob.on('signal', () => received++);

    await sleep(500);
    const start = node?.rss() ?? 0;
    let peak = start;
    const sampler = setInterval(() => {
      peak = Math.max(peak, node?.rss() ?? 0);
    }, 250);
    const started = performance.now();
    let sent = 0;
    const sender = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * SEND_PER_SECOND) - sent;
      for (let i = 0; i < due; i++, sent++) {
        ada.emit('signal', { to: b.self.peerId, description: { type: 'offer', sdp: SDP } }, count);
        bob.emit('signal', { to: a.self.peerId, description: { type: 'answer', sdp: SDP } }, count);
      }
    }, 20);
    await sleep(FLOOD_MS);
    clearInterval(sender);
    await sleep(3000);
    clearInterval(sampler);
    const end = node?.rss() ?? 0;
    return { start, peak, end, acks, sent: sent * 2, received };
  };

  it('keeps a node flat under a pair sending maximum-size signals at the limit', {
    timeout: START_TIMEOUT_MS + FLOOD_MS + 15_000,
  }, async () => {
    node = await startNode('memory', { LOG_LEVEL: 'info' });
    const run = await flood(node.url);
    expect(run.peak - run.start, summary(run)).toBeLessThan(50 * MB);
    expect(run.end - run.start, summary(run)).toBeLessThan(25 * MB);
    // It was a flood at the limit: the server relayed some and refused the rest.
    expect(run.acks.ok).toBeGreaterThan(0);
    expect(run.acks.rate_limited).toBeGreaterThan(run.sent / 2);
    expect(run.received).toBe(run.acks.ok);
  });

  it('keeps the nodes and Redis flat too when broadcasts go through a Redis stream', {
    timeout: START_TIMEOUT_MS + FLOOD_MS + 15_000,
  }, async () => {
    redis = await startRedis();
    const probe = createClient({ url: redis.url });
    await probe.connect();
    try {
      const redisMemory = async () => Number(/used_memory:(\d+)/.exec(await probe.info('memory'))?.[1]);
      const before = await redisMemory();
      node = await startNode('redis', { LOG_LEVEL: 'info', REDIS_URL: redis.url });
      const run = await flood(node.url);
      expect(run.peak - run.start, summary(run)).toBeLessThan(50 * MB);
      expect(run.end - run.start, summary(run)).toBeLessThan(25 * MB);
      const grown = (await redisMemory()) - before;
      expect(grown, `Redis grew by ${Math.round(grown / MB)} MB`).toBeLessThan(50 * MB);
      expect(run.acks.rate_limited).toBeGreaterThan(run.sent / 2);
      expect(run.received).toBe(run.acks.ok);
    } finally {
      probe.destroy();
    }
  });
});

function summary(run: { start: number; peak: number; end: number; acks: Record<string, number> }): string {
  const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
  return `RSS ${mb(run.start)} → peak ${mb(run.peak)} → ${mb(run.end)}; acks ${JSON.stringify(run.acks)}`;
}

/** An SDP-shaped text exactly as long as the protocol allows. */
function maxSizeSdp(): string {
  const line = 'a=fmtp:111 minptime=10;useinbandfec=1\r\n';
  const head = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
  const body = line.repeat(Math.ceil(LIMITS.SDP_MAX / line.length));
  return (head + body).slice(0, LIMITS.SDP_MAX);
}
