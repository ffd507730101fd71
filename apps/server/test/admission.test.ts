import { io as connectClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppOptions } from '../src/app.js';
import { RATE_LIMIT_WARN_INTERVAL_MS } from '../src/socket/connection.js';
import {
  type Client,
  join,
  media,
  nextEvent,
  recordingLogger,
  startServer,
  type TestServer,
} from './support.js';

// Every test socket comes from 127.0.0.1; behind a trusted proxy, X-Forwarded-For says who it is.
const OFFICE = '203.0.113.7';
const ELSEWHERE = '198.51.100.9';

describe('admission', () => {
  let server: TestServer;
  const sockets: Client[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await server.close();
  });

  const start = async (options: AppOptions, logger = recordingLogger().logger) => {
    server = await startServer({ trustProxy: 1, ...options }, logger);
  };

  /** Resolves the socket once connected, or the refusal's `{ message, data }`. */
  const open = (from: string) =>
    new Promise<Client | { message: string; data?: { code: string; message: string } }>((resolve) => {
      const socket: Client = connectClient(server.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { 'X-Forwarded-For': `10.0.0.1, ${from}` },
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error: Error & { data?: { code: string; message: string } }) =>
        resolve({ message: error.message, data: error.data }),
      );
    });
  const isSocket = (x: unknown): x is Client => typeof x === 'object' && x !== null && 'emit' in x;

  it('refuses the sockets of one address over its cap with a clear reason; another address still joins and relays', {
    timeout: 30_000,
  }, async () => {
    await start({ maxSocketsPerIp: 50 });
    const crowd = await Promise.all(Array.from({ length: 200 }, () => open(OFFICE)));
    const admitted = crowd.filter(isSocket);
    const refused = crowd.filter((x) => !isSocket(x));
    expect(admitted).toHaveLength(50);
    expect(refused).toHaveLength(150);
    expect(refused[0]).toEqual({
      message: 'too_many_connections',
      data: {
        code: 'too_many_connections',
        message: 'Too many connections from your address (at most 50); close some tabs and retry.',
      },
    });

    const visitor = await open(ELSEWHERE);
    if (!isSocket(visitor)) throw new Error(`refused: ${visitor.message}`);
    const inside = admitted[0] as Client;
    const a = await join(inside, 'nat-room', 'Office');
    const v = await join(visitor, 'nat-room', 'Visitor');
    const arrived = nextEvent(inside, 'signal');
    const description = { type: 'offer' as const, sdp: 'v=0' };
    expect(await visitor.timeout(2000).emitWithAck('signal', { to: a.self.peerId, description })).toEqual({
      ok: true,
      data: {},
    });
    expect(await arrived).toEqual({ from: v.self.peerId, description });

    // A seat in the office frees up when someone there leaves.
    inside.disconnect();
    await expect.poll(async () => isSocket(await open(OFFICE))).toBe(true);
  });

  it('caps sockets on the node across addresses', async () => {
    await start({ maxConnections: 3 });
    const opened = await Promise.all(['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'].map(open));
    expect(opened.filter(isSocket)).toHaveLength(3);
    expect(opened.find((x) => !isSocket(x))).toMatchObject({
      message: 'server_busy',
      data: { code: 'server_busy' },
    });
  });

  it('limits joins per minute per address; resumes with a valid token do not count', async () => {
    let now = Date.now();
    await start({ joinsPerMinutePerIp: 2, now: () => now, graceMs: 60_000 });
    const [a, b, c, d] = (await Promise.all([
      open(OFFICE),
      open(OFFICE),
      open(OFFICE),
      open(ELSEWHERE),
    ])) as Client[];
    const first = await join(a as Client, 'busy-office', 'A');
    await join(b as Client, 'busy-office', 'B');
    const third = await (c as Client)
      .timeout(2000)
      .emitWithAck('room:join', { roomId: 'busy-office', name: 'C', media });
    expect(third).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // Another address is not held back by this one.
    await join(d as Client, 'busy-office', 'D');
    // A participant whose socket dropped comes back with its token.
    (a as Client).io.engine.close();
    const resumed = await (c as Client).timeout(2000).emitWithAck('room:join', {
      roomId: 'busy-office',
      name: 'A',
      media,
      resume: { peerId: first.self.peerId, token: first.session.token },
    });
    expect(resumed).toMatchObject({ ok: true, data: { resumed: true } });
    now += 30_000;
    const later = (await open(OFFICE)) as Client;
    await join(later, 'busy-office', 'E');
  });

  it('takes X-Forwarded-For only when told to trust a proxy', async () => {
    await start({ trustProxy: 0, maxSocketsPerIp: 2 });
    // Without trust, every test socket is 127.0.0.1, whatever the header says.
    const opened = await Promise.all(['192.0.2.1', '192.0.2.2', '192.0.2.3'].map(open));
    expect(opened.filter(isSocket)).toHaveLength(2);
  });

  it('says "rate limited" once per socket per interval, with a count', async () => {
    const recorder = recordingLogger();
    await start({ rateLimits: undefined }, recorder.logger);
    const flooder = (await open(OFFICE)) as Client;
    await join(flooder, 'noisy-room', 'Flo');
    const acks = Array.from({ length: 2000 }, () =>
      flooder
        .timeout(5000)
        .emitWithAck('peer:update', { media: { audio: true, video: true, screen: false } }),
    );
    const results = await Promise.all(acks);
    const refused = results.filter((r) => !r.ok).length;
    expect(refused).toBeGreaterThan(1000);
    const lines = recorder.lines().filter((l) => l.msg === 'rate limited');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ refused: 1, intervalMs: RATE_LIMIT_WARN_INTERVAL_MS });
    // The rest are counted into the next line: on the next interval, or when the socket goes.
    flooder.disconnect();
    await expect.poll(() => recorder.lines().filter((l) => l.msg === 'rate limited')).toHaveLength(2);
    expect(recorder.lines().at(-1)).toMatchObject({ msg: 'rate limited', refused: refused - 1 });
  });

  it('survives an error on the HTTP server (too many open files) and keeps serving', async () => {
    await start({});
    const emfile = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE', syscall: 'accept' });
    server.app.httpServer.emit('error', emfile);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
