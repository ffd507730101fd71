import type { SignalRequest } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, join, nextEvent, record, settle, startServer, type TestServer } from './support.js';

describe('signal relay', () => {
  let server: TestServer;
  let a1: Client;
  let a2: Client;
  let b1: Client;
  let ids: { a1: string; a2: string; b1: string };

  beforeEach(async () => {
    server = await startServer();
    [a1, a2, b1] = await Promise.all([server.connect(), server.connect(), server.connect()]);
    ids = {
      a1: (await join(a1, 'room-a', 'Ada')).self.peerId,
      a2: (await join(a2, 'room-a', 'Cy')).self.peerId,
      b1: (await join(b1, 'room-b', 'Bea')).self.peerId,
    };
  });

  afterEach(async () => {
    await server.close();
  });

  const send = (from: Client, payload: SignalRequest | Record<string, unknown>) =>
    from.timeout(2000).emitWithAck('signal', payload as SignalRequest);

  it('delivers a description with the sender as `from`, whatever the client claimed', async () => {
    const description = { type: 'offer' as const, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
    const arrived = nextEvent(a2, 'signal');
    const ack = await send(a1, { to: ids.a2, description, from: ids.b1 });
    expect(ack).toEqual({ ok: true, data: {} });
    expect(await arrived).toEqual({ from: ids.a1, description });
  });

  it('delivers a candidate with the sender as `from`', async () => {
    const candidate = {
      candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    const arrived = nextEvent(a1, 'signal');
    expect(await send(a2, { to: ids.a1, candidate })).toEqual({ ok: true, data: {} });
    expect(await arrived).toEqual({ from: ids.a2, candidate });
  });

  it('refuses a signal to a peer in another room and delivers nothing', async () => {
    const seenByB1 = record(b1, 'signal');
    const result = await send(a1, { to: ids.b1, description: { type: 'offer', sdp: 'v=0' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'peer_not_found' } });
    await settle(b1);
    expect(seenByB1).toEqual([]);
  });

  it('refuses a signal before joining, to yourself, and to a peer who left', async () => {
    const outsider = await server.connect();
    const seenByA2 = record(a2, 'signal');
    const seenByA1 = record(a1, 'signal');
    const offer = { type: 'offer' as const, sdp: 'v=0' };

    expect(await send(outsider, { to: ids.a2, description: offer })).toMatchObject({
      ok: false,
      error: { code: 'not_in_room' },
    });
    expect(await send(a1, { to: ids.a1, description: offer })).toMatchObject({
      ok: false,
      error: { code: 'peer_not_found' },
    });
    await a2.timeout(2000).emitWithAck('room:leave', {});
    expect(await send(a1, { to: ids.a2, description: offer })).toMatchObject({
      ok: false,
      error: { code: 'peer_not_found' },
    });

    await settle(a1, a2);
    expect(seenByA2).toEqual([]);
    expect(seenByA1).toEqual([]);
  });
});
