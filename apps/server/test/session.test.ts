import { createHmac } from 'node:crypto';
import type { Peer } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, TICKET_TTL_MS } from '../src/session.js';
import {
  type Client,
  join,
  media,
  nextEvent,
  record,
  settle,
  serversPerTest,
  sleep,
  startServer,
  type TestServer,
} from './support.js';

const SECRET = 'test-session-secret-0123456789';
const description = { type: 'offer' as const, sdp: 'v=0' };

describe('sessions: coming back as the same peer', () => {
  const start = serversPerTest({ sessionSecret: SECRET });

  const resumeAs = (client: Client, roomId: string, peerId: string, token: string, name = 'Ada') =>
    client.timeout(2000).emitWithAck('room:join', { roomId, name, media, resume: { peerId, token } });

  it('keeps a dropped peer for the grace period and takes it back without telling anyone it left', async () => {
    const server = await start({ graceMs: 1500 });
    const ada = await server.connect();
    const bob = await server.connect();
    const me = await join(ada, 'grace-room', 'Ada');
    await join(bob, 'grace-room', 'Bob');
    const left = record(bob, 'peer:left');
    const joined = record(bob, 'peer:joined');

    // A dropped connection, not a client that said goodbye.
    ada.io.engine.close();
    await sleep(500);
    expect(left).toEqual([]);

    const again = await server.connect();
    const updated = nextEvent(bob, 'peer:updated');
    const result = await resumeAs(again, 'grace-room', me.self.peerId, me.session.token, 'Ada 2');
    expect(result).toMatchObject({ ok: true, data: { self: { peerId: me.self.peerId }, resumed: true } });
    expect(result.ok && result.data.peers.map((p: Peer) => p.name)).toEqual(['Bob']);
    expect(await updated).toMatchObject({ peerId: me.self.peerId, name: 'Ada 2' });

    // Signals reach the peer through its new socket.
    const signal = nextEvent(again, 'signal');
    const bobId = result.ok ? result.data.peers[0]?.peerId : undefined;
    expect(await bob.timeout(2000).emitWithAck('signal', { to: me.self.peerId, description })).toEqual({
      ok: true,
      data: {},
    });
    expect(await signal).toMatchObject({ from: bobId, description });

    await sleep(1500);
    await settle(bob);
    expect(left).toEqual([]);
    expect(joined).toEqual([]);
  });

  it('announces peer:left once the grace period passes without the peer', async () => {
    const server = await start({ graceMs: 600 });
    const ada = await server.connect();
    const bob = await server.connect();
    const me = await join(ada, 'gone-room', 'Ada');
    await join(bob, 'gone-room', 'Bob');
    const left = record(bob, 'peer:left');
    const droppedAt = Date.now();
    ada.io.engine.close();
    await sleep(300);
    await settle(bob);
    expect(left).toEqual([]);
    await expect.poll(() => left, { timeout: 2000 }).toEqual([{ peerId: me.self.peerId }]);
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(600);
    // Too late now: the peer has left, and its token went with it.
    const again = await server.connect();
    const result = await resumeAs(again, 'gone-room', me.self.peerId, me.session.token);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_session' } });
  });

  it('refuses the token of a peer that left, even while its room goes on', async () => {
    const server = await start({ graceMs: 5000 });
    const ada = await server.connect();
    const bob = await server.connect();
    const me = await join(ada, 'left-room', 'Ada');
    await join(bob, 'left-room', 'Bob');
    await ada.timeout(2000).emitWithAck('room:leave', {});
    const joined = record(bob, 'peer:joined');
    const mallory = await server.connect();
    expect(await resumeAs(mallory, 'left-room', me.self.peerId, me.session.token)).toMatchObject({
      ok: false,
      error: { code: 'invalid_session' },
    });
    // The same socket that left may come back, but as somebody new.
    const fresh = await join(ada, 'left-room', 'Ada');
    expect(fresh.self.peerId).not.toBe(me.self.peerId);
    await settle(bob);
    expect(joined.map((p) => p.peerId)).toEqual([fresh.self.peerId]);
  });

  it('refuses a token older than its maximum age; a fresh one from the last join still works', async () => {
    let now = Date.parse('2026-01-01T09:00:00Z');
    const server = await start({ graceMs: 60_000, sessionMaxAgeMs: 3_600_000, now: () => now });
    const ada = await server.connect();
    await join(await server.connect(), 'age-room', 'Bob');
    const first = await join(ada, 'age-room', 'Ada');

    now += 30 * 60_000;
    ada.io.engine.close();
    const back = await server.connect();
    const resumed = await resumeAs(back, 'age-room', first.self.peerId, first.session.token);
    expect(resumed).toMatchObject({ ok: true, data: { resumed: true } });
    if (!resumed.ok) return;

    // 61 minutes after the first token was minted, 31 after the second.
    now += 31 * 60_000;
    const stranger = await server.connect();
    expect(await resumeAs(stranger, 'age-room', first.self.peerId, first.session.token)).toMatchObject({
      ok: false,
      error: { code: 'invalid_session' },
    });
    back.io.engine.close();
    const again = await server.connect();
    expect(await resumeAs(again, 'age-room', first.self.peerId, resumed.data.session.token)).toMatchObject({
      ok: true,
      data: { self: { peerId: first.self.peerId }, resumed: true },
    });
  });

  it('recognises its peers after a restart with the same secret', async () => {
    const first = await start({ graceMs: 5000 });
    const ada = await first.connect();
    const bob = await first.connect();
    const a = await join(ada, 'restart-room', 'Ada');
    const b = await join(bob, 'restart-room', 'Bob');
    await first.close();

    const second = await start({ graceMs: 5000 });
    const ada2 = await second.connect();
    const bob2 = await second.connect();
    const ra = await resumeAs(ada2, 'restart-room', a.self.peerId, a.session.token);
    expect(ra).toMatchObject({
      ok: true,
      data: { self: { peerId: a.self.peerId }, peers: [], resumed: false },
    });
    const bobBack = nextEvent(ada2, 'peer:joined');
    const rb = await resumeAs(bob2, 'restart-room', b.self.peerId, b.session.token, 'Bob');
    expect(rb).toMatchObject({ ok: true, data: { self: { peerId: b.self.peerId }, resumed: false } });
    expect(rb.ok && rb.data.peers.map((p: Peer) => p.peerId)).toEqual([a.self.peerId]);
    expect(await bobBack).toMatchObject({ peerId: b.self.peerId, name: 'Bob' });
  });

  it('lets a client that closes its socket on purpose (a closing tab) go at once', async () => {
    const server = await start({ graceMs: 5000 });
    const ada = await server.connect();
    const bob = await server.connect();
    const me = await join(ada, 'bye-room', 'Ada');
    await join(bob, 'bye-room', 'Bob');
    const left = nextEvent(bob, 'peer:left', 1000);
    ada.disconnect();
    expect(await left).toEqual({ peerId: me.self.peerId });
  });

  it('refuses a forged token, or a token for another room or peer', async () => {
    const server = await start({});
    const ada = await server.connect();
    const me = await join(ada, 'token-room', 'Ada');
    const mallory = await server.connect();
    for (const [roomId, peerId, token] of [
      ['token-room', me.self.peerId, 'forged'],
      ['token-room', me.self.peerId, `${me.session.token.slice(0, -2)}xx`],
      ['other-room', me.self.peerId, me.session.token],
      ['token-room', 'someone-else', me.session.token],
    ] as const) {
      expect(await resumeAs(mallory, roomId, peerId, token)).toMatchObject({
        ok: false,
        error: { code: 'invalid_session' },
      });
    }
    // A server with another secret does not accept this one's tokens.
    const other = await start({ sessionSecret: 'a-different-secret-9876543210' });
    const elsewhere = await other.connect();
    expect(await resumeAs(elsewhere, 'token-room', me.self.peerId, me.session.token)).toMatchObject({
      ok: false,
      error: { code: 'invalid_session' },
    });
  });

  it('moves a peer to its newest socket when the old one is still open (a network switch)', async () => {
    const server = await start({ graceMs: 5000 });
    const ada = await server.connect();
    const bob = await server.connect();
    const me = await join(ada, 'switch-room', 'Ada');
    const bobInfo = await join(bob, 'switch-room', 'Bob');
    const oldClosed = new Promise<void>((resolve) => ada.once('disconnect', () => resolve()));
    const fresh = await server.connect();
    await resumeAs(fresh, 'switch-room', me.self.peerId, me.session.token);
    await oldClosed;
    const seenByOld = record(ada, 'signal');
    const signal = nextEvent(fresh, 'signal');
    await bob.timeout(2000).emitWithAck('signal', { to: me.self.peerId, description });
    expect(await signal).toMatchObject({ from: bobInfo.self.peerId });
    expect(seenByOld).toEqual([]);
    expect(await server.app.store.stats()).toEqual({ rooms: 1, peers: 2 });
  });
});

describe('TURN credentials', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it('mints TURN REST credentials per peer and renews them on request; the secret stays on the server', async () => {
    const turn = { urls: ['turn:127.0.0.1:3478'], secret: 'turn-shared-secret', ttlSeconds: 600 };
    let now = Date.now();
    server = await startServer({ turn, iceServers: [{ urls: 'stun:127.0.0.1:3478' }], now: () => now });
    const ada = await server.connect();
    const before = Math.floor(now / 1000);
    const me = await join(ada, 'turn-room', 'Ada');
    expect(me.iceServers[0]).toEqual({ urls: 'stun:127.0.0.1:3478' });
    const minted = me.iceServers[1];
    expect(minted?.urls).toEqual(turn.urls);
    const [expiry, peer] = (minted?.username ?? '').split(':');
    expect(peer).toBe(me.self.peerId);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(before + 602);
    expect(minted?.credential).toBe(
      createHmac('sha1', turn.secret)
        .update(minted?.username ?? '')
        .digest('base64'),
    );
    expect(me.iceExpiresAt).toBe(Number(expiry) * 1000);
    expect(JSON.stringify(me)).not.toContain(turn.secret);

    now += 1000;
    const refreshed = await ada.timeout(2000).emitWithAck('ice:refresh', {});
    expect(refreshed.ok).toBe(true);
    if (!refreshed.ok) return;
    expect(refreshed.data.iceExpiresAt).toBeGreaterThan(me.iceExpiresAt ?? 0);
    expect(refreshed.data.iceServers[1]?.username).not.toBe(minted?.username);
  });

  it('mints at most the configured number of credentials per address per minute', async () => {
    const turn = { urls: ['turn:127.0.0.1:3478'], secret: 's', ttlSeconds: 600 };
    let now = Date.now();
    server = await startServer({ turn, turnCredentialsPerMinutePerIp: 2, now: () => now });
    const [ada, bob, cy] = [await server.connect(), await server.connect(), await server.connect()];
    expect((await join(ada, 'quota-room', 'Ada')).iceServers).toHaveLength(1);
    expect((await join(bob, 'quota-room', 'Bob')).iceServers).toHaveLength(1);
    // The third joins all the same, without relay credentials, and is told to ask again soon.
    const third = await join(cy, 'quota-room', 'Cy');
    expect(third.iceServers).toEqual([]);
    expect(third.iceExpiresAt).toBeLessThanOrEqual(now + 60_000);
    expect(await cy.timeout(2000).emitWithAck('ice:refresh', {})).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    now += 30_000;
    const refreshed = await cy.timeout(2000).emitWithAck('ice:refresh', {});
    expect(refreshed.ok && refreshed.data.iceServers).toHaveLength(1);
  });

  it('refuses a refresh from a socket that is not in a room', async () => {
    server = await startServer({ turn: { urls: ['turn:127.0.0.1:3478'], secret: 's', ttlSeconds: 600 } });
    const stranger = await server.connect();
    expect(await stranger.timeout(2000).emitWithAck('ice:refresh', {})).toMatchObject({
      ok: false,
      error: { code: 'not_in_room' },
    });
  });
});

describe('uplink budget', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it('tells joining clients the configured budget, and nothing when none is set', async () => {
    server = await startServer({ uplinkBudgetBps: 1_200_000 });
    const ada = await server.connect();
    expect((await join(ada, 'budget-room', 'Ada')).uplinkBudgetBps).toBe(1_200_000);
    await server.close();
    server = await startServer();
    const bob = await server.connect();
    expect((await join(bob, 'budget-room', 'Bob')).uplinkBudgetBps).toBeUndefined();
  });
});

describe('admission tickets', () => {
  it('are for one room, unforgeable, and expire', () => {
    let now = 1_764_000_000_000;
    const sessions = createSessions('a-secret-of-sixteen-or-more', { now: () => now });
    const ticket = sessions.ticket('room-a', 'knock-1');
    expect(sessions.admitted('room-a', ticket)).toBe('knock-1');
    expect(sessions.admitted('room-b', ticket)).toBeUndefined();
    expect(createSessions('another-secret-0123456789').admitted('room-a', ticket)).toBeUndefined();
    const [expiresAt, , mac] = ticket.split('.');
    expect(sessions.admitted('room-a', `${expiresAt}.knock-2.${mac}`)).toBeUndefined();
    // Neither kind of token passes for the other.
    expect(sessions.verify('room-a', 'knock-1', ticket)).toBeUndefined();
    expect(sessions.admitted('room-a', sessions.mint('room-a', 'peer', 'knock-1'))).toBeUndefined();
    now += TICKET_TTL_MS + 1000;
    expect(sessions.admitted('room-a', ticket)).toBeUndefined();
  });
});
