import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Client,
  join,
  media,
  nextEvent,
  record,
  settle,
  startServer,
  type TestServer,
} from './support.js';

describe('rooms', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startServer();
  });

  afterEach(async () => {
    await server.close();
  });

  const connectMany = (n: number): Promise<Client[]> =>
    Promise.all(Array.from({ length: n }, () => server.connect()));

  it('lists the peers already there and tells exactly the same room who comes and goes', async () => {
    const [a1, a2, a3, b1] = (await connectMany(4)) as [Client, Client, Client, Client];
    const joined = [a1, a2, a3, b1].map((c) => record(c, 'peer:joined'));
    const left = [a1, a2, a3, b1].map((c) => record(c, 'peer:left'));

    const r1 = await join(a1, 'room-a', '  Ada  ');
    const rb = await join(b1, 'room-b', 'Bea');
    const r2 = await join(a2, 'room-a', 'Cy');
    const r3 = await join(a3, 'room-a', 'Dee');

    // The first to join a room is its host.
    const ada = { peerId: r1.self.peerId, name: 'Ada', media: { ...media, screen: false }, host: true };
    const cy = { peerId: r2.self.peerId, name: 'Cy', media: { ...media, screen: false }, host: false };
    const dee = { peerId: r3.self.peerId, name: 'Dee', media: { ...media, screen: false }, host: false };
    expect(r1).toMatchObject({
      self: { peerId: ada.peerId },
      peers: [],
      iceServers: [],
      maxPeers: 8,
      resumed: false,
    });
    expect(rb.peers).toEqual([]);
    expect(r2.peers).toEqual([ada]);
    expect(r3.peers).toEqual([ada, cy]);

    const ids = [r1, r2, r3, rb].map((r) => r.self.peerId);
    expect(new Set(ids).size).toBe(4);
    expect(ids).not.toContain(a1.id);

    expect(await a2.timeout(2000).emitWithAck('room:leave', {})).toEqual({ ok: true, data: {} });
    await settle(a1, a2, a3, b1);

    expect(joined.map((seen) => seen.map((p) => p.name))).toEqual([['Cy', 'Dee'], ['Dee'], [], []]);
    expect(joined[0]?.[1]).toEqual(dee);
    expect(left).toEqual([[{ peerId: cy.peerId }], [], [{ peerId: cy.peerId }], []]);
  });

  it('announces a disconnect without leave as peer:left, to that room only', async () => {
    const [a1, a2, b1] = (await connectMany(3)) as [Client, Client, Client];
    await join(a1, 'room-a', 'Ada');
    const { self } = await join(a2, 'room-a', 'Cy');
    await join(b1, 'room-b', 'Bea');
    const leftB = record(b1, 'peer:left');

    const leaving = nextEvent(a1, 'peer:left');
    a2.disconnect();
    expect(await leaving).toEqual({ peerId: self.peerId });

    await settle(b1);
    expect(leftB).toEqual([]);
    expect(await server.app.store.members('room-a')).toHaveLength(1);
  });

  it('refuses a second join on the same socket and deletes rooms once empty', async () => {
    const [a1, a2] = (await connectMany(2)) as [Client, Client];
    await join(a1, 'room-a', 'Ada');
    const again = await a1.timeout(2000).emitWithAck('room:join', { roomId: 'room-c', name: 'Ada', media });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_in_room' } });
    await join(a2, 'room-a', 'Cy');
    expect(await server.app.store.stats()).toEqual({ rooms: 1, peers: 2 });

    await a1.timeout(2000).emitWithAck('room:leave', {});
    a2.disconnect();
    await expect.poll(() => server.app.store.stats()).toEqual({ rooms: 0, peers: 0 });

    // Having left, a socket may join again.
    const rejoin = await join(a1, 'room-a', 'Ada');
    expect(rejoin.peers).toEqual([]);
  });

  it('broadcasts peer:update as the whole peer to the others in the room', async () => {
    const [a1, a2, b1] = (await connectMany(3)) as [Client, Client, Client];
    const { self } = await join(a1, 'room-a', 'Ada');
    await join(a2, 'room-a', 'Cy');
    await join(b1, 'room-b', 'Bea');
    const ownUpdates = record(a1, 'peer:updated');
    const otherRoom = record(b1, 'peer:updated');

    const media2 = { audio: false, video: true, screen: true };
    const updated = nextEvent(a2, 'peer:updated');
    expect(await a1.timeout(2000).emitWithAck('peer:update', { media: media2 })).toEqual({
      ok: true,
      data: {},
    });
    expect(await updated).toEqual({ peerId: self.peerId, name: 'Ada', media: media2, host: true });

    const renamed = nextEvent(a2, 'peer:updated');
    await a1.timeout(2000).emitWithAck('peer:update', { name: 'Ada L.' });
    expect(await renamed).toEqual({ peerId: self.peerId, name: 'Ada L.', media: media2, host: true });

    await settle(a1, b1);
    expect(ownUpdates).toEqual([]);
    expect(otherRoom).toEqual([]);
  });

  it('refuses peer:update before joining', async () => {
    const [c] = (await connectMany(1)) as [Client];
    const result = await c.timeout(2000).emitWithAck('peer:update', { name: 'Eve' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
  });
});
