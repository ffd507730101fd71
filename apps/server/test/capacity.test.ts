import { afterEach, describe, expect, it } from 'vitest';
import { media, startServer, type TestServer } from './support.js';

describe('room capacity', () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  it('admits exactly maxPeers of 20 concurrent joins; the rest get room_full', async () => {
    server = await startServer({ maxPeers: 8 });
    const clients = await Promise.all(Array.from({ length: 20 }, () => server.connect()));

    const results = await Promise.all(
      clients.map((c, i) =>
        c.timeout(3000).emitWithAck('room:join', { roomId: 'busy-room', name: `p${i}`, media }),
      ),
    );

    const admitted = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(admitted).toHaveLength(8);
    expect(refused).toHaveLength(12);
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'room_full' } });
    expect(await server.app.store.members('busy-room')).toHaveLength(8);

    // A seat freed is a seat taken: one of the refused gets in after someone leaves.
    const seated = clients[results.findIndex((r) => r.ok)];
    const waiting = clients[results.findIndex((r) => !r.ok)];
    await seated?.timeout(2000).emitWithAck('room:leave', {});
    const retry = await waiting
      ?.timeout(2000)
      .emitWithAck('room:join', { roomId: 'busy-room', name: 'late', media });
    expect(retry).toMatchObject({ ok: true, data: { maxPeers: 8 } });
    if (retry?.ok) expect(retry.data.peers).toHaveLength(7);
  });
});
