import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { silentLogger } from '../src/logger.js';
import { join, type LooseClient, startServer, type TestServer } from './support.js';

const TOKEN = 'metrics-token-0123456789';

describe('/metrics', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  const scrape = (headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${server.url}/metrics`, { headers });

  /** The value of one sample line, e.g. `parley_refusals_total{code="rate_limited"}`. */
  const sample = (text: string, name: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.slice(name.length + 1));
  };

  it('is off unless a token is configured', async () => {
    server = await startServer();
    expect((await scrape()).status).toBe(404);
  });

  it('needs the bearer token', async () => {
    server = await startServer({ metricsToken: TOKEN });
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong' },
      { Authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const res = await scrape(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.text()).not.toContain('parley_');
    }
  });

  it('counts rooms, peers, sockets, relayed signals, refusals by code, and event-loop lag', async () => {
    server = await startServer({ metricsToken: TOKEN, maxPeers: 2 });
    const ada = await server.connect();
    const bob = await server.connect();
    const cy = await server.connect();
    await join(ada, 'metrics-room', 'Ada');
    const b = await join(bob, 'metrics-room', 'Bob');
    await ada
      .timeout(2000)
      .emitWithAck('signal', { to: b.self.peerId, description: { type: 'offer', sdp: 'v=0' } });
    await ada.timeout(2000).emitWithAck('signal', { to: b.self.peerId, candidate: { candidate: '' } });
    expect(
      await cy.timeout(2000).emitWithAck('room:join', {
        roomId: 'metrics-room',
        name: 'Cy',
        media: { audio: true, video: true },
      }),
    ).toMatchObject({ ok: false });
    await (cy as unknown as LooseClient).timeout(2000).emitWithAck('room:join', { roomId: 'NOT A ROOM' });

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(sample(text, 'parley_rooms')).toBe(1);
    expect(sample(text, 'parley_peers')).toBe(2);
    expect(sample(text, 'parley_sockets')).toBe(3);
    expect(sample(text, 'parley_signals_relayed_total')).toBe(2);
    expect(sample(text, 'parley_refusals_total{code="room_full"}')).toBe(1);
    expect(sample(text, 'parley_refusals_total{code="invalid_payload"}')).toBe(1);
    expect(sample(text, 'parley_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'parley_redis_up')).toBeUndefined();
  });

  it('reports whether Redis is reachable, when there is one', async () => {
    let up = true;
    const app = createApp({ logger: silentLogger(), redisUp: () => up }, { metricsToken: TOKEN });
    const { port } = await app.listen(0, '127.0.0.1');
    try {
      const read = async () =>
        sample(
          await (
            await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })
          ).text(),
          'parley_redis_up',
        );
      expect(await read()).toBe(1);
      up = false;
      expect(await read()).toBe(0);
    } finally {
      await app.close();
    }
    server = { close: async () => {} } as TestServer;
  });
});
