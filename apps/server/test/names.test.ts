import type { JoinResponse } from '@parley/protocol';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { silentLogger } from '../src/logger.js';
import { RedisRoomStore } from '../src/rooms/redis-store.js';
import { startRedis, type TestRedis } from './redis-server.js';
import { type Client, connectTo, join, media, nextEvent, settle } from './support.js';

// Names are stored in Redis as JSON and read back by its Lua scripts (cjson): a name that is not
// well-formed Unicode (a lone surrogate) once made every script that decodes the seat fail, so the
// seat outlived its peer. The protocol now cleans names before the server sees them.

type RedisClient = ReturnType<typeof createClient>;

let redis: TestRedis;
let redisClient: RedisClient;
let app: App | undefined;
const clients: Client[] = [];

beforeAll(async () => {
  redis = await startRedis();
  redisClient = createClient({ url: redis.url });
  await redisClient.connect();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await app?.close();
  app = undefined;
});

afterAll(async () => {
  await redisClient?.close();
  await redis?.stop();
});

async function startApp(): Promise<string> {
  const store = new RedisRoomStore(redisClient, {
    keyPrefix: `names${Date.now()}:`,
    leaseMs: 60_000,
    renewEveryMs: 20_000,
    endedTtlMs: 60_000,
  });
  app = createApp({ logger: silentLogger(), store }, { graceMs: 0 });
  const { port } = await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

const connect = (url: string): Promise<Client> => connectTo(url, clients);

describe('names from other people, stored in Redis', () => {
  it('a lone surrogate in a name leaves no seat behind when its peer leaves', async () => {
    const url = await startApp();
    const mallory = await connect(url);
    const ada = await connect(url);
    await join(mallory, 'lone-surrogate', 'Mal\ud800lory');
    const adaJoined: JoinResponse = await join(ada, 'lone-surrogate', 'Ada');

    const left = nextEvent(ada, 'peer:left');
    const leave = await mallory.timeout(2000).emitWithAck('room:leave', {});
    expect(leave.ok).toBe(true);
    await left;

    const bob = await connect(url);
    const bobJoined = await join(bob, 'lone-surrogate', 'Bob');
    expect(bobJoined.peers.map((p) => p.name)).toEqual(['Ada']);
    expect((await app?.store.stats())?.peers).toBe(2);
    // Replaced, not refused: the rest of the name is still theirs.
    expect(adaJoined.peers.map((p) => p.name)).toEqual(['Mal\ufffdlory']);
  });

  it('a renamed peer with a lone surrogate and bidi controls is stored and shown clean', async () => {
    const url = await startApp();
    const mallory = await connect(url);
    const ada = await connect(url);
    await join(mallory, 'bidi-rename', 'Mallory');
    await join(ada, 'bidi-rename', 'Ada');
    const updated = nextEvent(ada, 'peer:updated');
    const rename = await mallory
      .timeout(2000)
      .emitWithAck('peer:update', { name: 'invoice\u202Efdp.exe\udc00' });
    expect(rename.ok).toBe(true);
    expect((await updated).name).toBe('invoicefdp.exe\ufffd');

    const left = nextEvent(ada, 'peer:left');
    mallory.disconnect();
    await left;
    await settle(ada);
    expect((await app?.store.stats())?.peers).toBe(1);
  });

  it('refuses a name that is empty once cleaned, with a clear error', async () => {
    const url = await startApp();
    const mallory = await connect(url);
    const result = await mallory
      .timeout(2000)
      .emitWithAck('room:join', { roomId: 'invisible-name', name: '\u200b\u202e\u2066 ', media });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
