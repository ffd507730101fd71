import type { JoinRequest, Peer } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { AppOptions } from '../src/app.js';
import {
  type Client,
  join,
  type LooseClient,
  media,
  nextEvent,
  record,
  settle,
  sleep,
  serversPerTest,
  type TestServer,
} from './support.js';

// Room control (issue 11) on one node: hosts, the door (lock, knock, password), moderation.

const DEVICE_B = 'device-key-of-bob-0001';

const joinWith = (client: Client, request: Partial<JoinRequest> & { roomId: string; name: string }) =>
  client.timeout(3000).emitWithAck('room:join', { media, ...request });

const knock = async (client: Client, roomId: string, name: string): Promise<string> => {
  const result = await client.timeout(3000).emitWithAck('knock', { roomId, name });
  if (!result.ok) throw new Error(`knock failed: ${result.error.code}`);
  return result.data.knockId;
};

describe('room control', () => {
  const serve = serversPerTest();
  let server: TestServer;
  const start = async (options: AppOptions = {}) => {
    server = await serve(options);
    return server;
  };

  /** Ada (host) and Bob in `roomId`. */
  const pair = async (roomId: string) => {
    const [ada, bob] = [await server.connect(), await server.connect()];
    const a = await join(ada, roomId, 'Ada');
    const bobJoin = await joinWith(bob, { roomId, name: 'Bob', deviceKey: DEVICE_B });
    if (!bobJoin.ok) throw new Error(bobJoin.error.code);
    return { ada, bob, a, b: bobJoin.data };
  };

  it('makes the first to join a room its host, and nobody after', async () => {
    await start();
    const { a, b } = await pair('host-room');
    expect(a).toMatchObject({ host: true, room: { locked: false, hasPassword: false } });
    expect(b.host).toBe(false);
    expect(b.peers).toEqual([expect.objectContaining({ peerId: a.self.peerId, host: true })]);
  });

  it('refuses every moderation event from a non-host with forbidden, and changes nothing', async () => {
    await start();
    const { ada, bob, a, b } = await pair('rule-room');
    const seenByAda = ['room:state', 'muted', 'removed', 'room:ended', 'peer:updated', 'peer:left'].map(
      (event) => record(ada, event as 'muted'),
    );
    const asBob = bob as unknown as LooseClient;
    const attempts: [string, unknown][] = [
      ['knock:answer', { all: true, admit: true }],
      ['room:lock', { locked: true }],
      ['room:password', { password: 'secret' }],
      ['host:promote', { peerId: b.self.peerId }],
      ['host:remove', { peerId: a.self.peerId }],
      ['host:mute', { peerId: a.self.peerId, kind: 'audio' }],
      ['host:mute', { kind: 'audio' }],
      ['host:lower-hand', { peerId: a.self.peerId }],
      ['room:end', {}],
    ];
    for (const [event, payload] of attempts) {
      expect(await asBob.timeout(3000).emitWithAck(event, payload), event).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    await settle(ada, bob);
    expect(seenByAda.flat()).toEqual([]);
    // Nothing changed: the door is open (no password), Ada is the only host, both still in.
    const carol = await server.connect();
    const c = await joinWith(carol, { roomId: 'rule-room', name: 'Carol' });
    expect(c).toMatchObject({ ok: true, data: { room: { locked: false, hasPassword: false } } });
    if (!c.ok) return;
    expect(c.data.peers.map((p: Peer) => [p.name, p.host])).toEqual([
      ['Ada', true],
      ['Bob', false],
    ]);
  });

  it('locks the door: a joiner must knock; a host admits (ticket, once) or denies', async () => {
    await start();
    const { ada, bob } = await pair('door-room');
    const stateAtBob = nextEvent(bob, 'room:state');
    expect(await ada.timeout(3000).emitWithAck('room:lock', { locked: true })).toEqual({
      ok: true,
      data: {},
    });
    expect(await stateAtBob).toEqual({ locked: true, hasPassword: false });

    const [carol, dan] = [await server.connect(), await server.connect()];
    expect(await joinWith(carol, { roomId: 'door-room', name: 'Carol' })).toMatchObject({
      ok: false,
      error: { code: 'room_locked' },
    });
    const knockAtAda = nextEvent(ada, 'knock');
    const knockId = await knock(carol, 'door-room', 'Carol');
    expect(await knockAtAda).toEqual({ knockId, name: 'Carol' });

    // Admitted: Carol gets a ticket, the hosts see the knock go.
    const result = nextEvent(carol, 'knock:result');
    const gone = nextEvent(ada, 'knock:gone');
    expect(await ada.timeout(3000).emitWithAck('knock:answer', { knockId, admit: true })).toEqual({
      ok: true,
      data: {},
    });
    const admitted = await result;
    expect(admitted).toMatchObject({ admitted: true, ticket: expect.any(String) });
    expect(await gone).toEqual({ knockId });
    if (!admitted.admitted) return;
    const inside = await joinWith(carol, { roomId: 'door-room', name: 'Carol', ticket: admitted.ticket });
    expect(inside).toMatchObject({ ok: true, data: { room: { locked: true }, host: false } });
    // One join per admission.
    expect(await joinWith(dan, { roomId: 'door-room', name: 'Dan', ticket: admitted.ticket })).toMatchObject({
      ok: false,
      error: { code: 'room_locked' },
    });

    // Denied: told so, and still cannot get in.
    const danKnock = await knock(dan, 'door-room', 'Dan');
    const denied = nextEvent(dan, 'knock:result');
    await ada.timeout(3000).emitWithAck('knock:answer', { knockId: danKnock, admit: false });
    expect(await denied).toEqual({ admitted: false });
    expect(await joinWith(dan, { roomId: 'door-room', name: 'Dan' })).toMatchObject({
      ok: false,
      error: { code: 'room_locked' },
    });

    // Unlocking admits nobody: a waiting knock keeps waiting.
    const erin = await server.connect();
    const erinResults = record(erin, 'knock:result');
    await knock(erin, 'door-room', 'Erin');
    await ada.timeout(3000).emitWithAck('room:lock', { locked: false });
    await settle(ada, erin);
    expect(erinResults).toEqual([]);
  });

  it('tells the hosts when a knock is withdrawn: Cancel, or the socket closing', async () => {
    await start();
    const { ada } = await pair('withdraw-room');
    await ada.timeout(3000).emitWithAck('room:lock', { locked: true });
    const [carol, dan] = [await server.connect(), await server.connect()];
    const first = await knock(carol, 'withdraw-room', 'Carol');
    const second = await knock(dan, 'withdraw-room', 'Dan');

    const cancelled = nextEvent(ada, 'knock:gone');
    expect(await carol.timeout(3000).emitWithAck('knock:cancel', {})).toEqual({ ok: true, data: {} });
    expect(await cancelled).toEqual({ knockId: first });
    const closed = nextEvent(ada, 'knock:gone');
    dan.disconnect();
    expect(await closed).toEqual({ knockId: second });
    // Nothing left to answer.
    const results = record(carol, 'knock:result');
    await ada.timeout(3000).emitWithAck('knock:answer', { all: true, admit: true });
    await settle(ada, carol);
    expect(results).toEqual([]);
  });

  it('removes a participant: out of the room at once, token void, and its device must knock', async () => {
    await start({ graceMs: 5000 });
    const { ada, bob, a, b } = await pair('remove-room');
    const carol = await server.connect();
    await join(carol, 'remove-room', 'Carol');
    const removed = nextEvent(bob, 'removed');
    const leftAtCarol = nextEvent(carol, 'peer:left');
    expect(await ada.timeout(3000).emitWithAck('host:remove', { peerId: b.self.peerId })).toEqual({
      ok: true,
      data: {},
    });
    expect(await removed).toEqual({ by: { peerId: a.self.peerId, name: 'Ada' } });
    expect(await leftAtCarol).toEqual({ peerId: b.self.peerId });

    // Nothing more of the room reaches Bob.
    const events: string[] = [];
    (bob as unknown as LooseClient).onAny((event: string) => events.push(event));
    await ada.timeout(3000).emitWithAck('peer:update', { name: 'Ada 2' });
    await ada.timeout(3000).emitWithAck('hand', { raised: true });
    await ada.timeout(3000).emitWithAck('reaction', { reaction: '👍' });
    await ada.timeout(3000).emitWithAck('host:mute', { kind: 'audio' });
    await join(await server.connect(), 'remove-room', 'Dan');
    expect(
      await bob
        .timeout(3000)
        .emitWithAck('signal', { to: a.self.peerId, description: { type: 'offer', sdp: 'v=0' } }),
    ).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
    await settle(ada, bob, carol);
    expect(events).toEqual([]);

    // The token is void; the same browser must knock, another one may walk in (the room is open).
    const back = await server.connect();
    const resume = { peerId: b.self.peerId, token: b.session.token };
    expect(await joinWith(back, { roomId: 'remove-room', name: 'Bob', resume })).toMatchObject({
      ok: false,
      error: { code: 'invalid_session' },
    });
    expect(await joinWith(bob, { roomId: 'remove-room', name: 'Bob', deviceKey: DEVICE_B })).toMatchObject({
      ok: false,
      error: { code: 'room_locked' },
    });
    expect(
      await joinWith(back, { roomId: 'remove-room', name: 'Bob', deviceKey: 'another-device-key-0002' }),
    ).toMatchObject({ ok: true });
  });

  it('mutes one participant or everyone; each is told who did it, the room sees it', async () => {
    await start();
    const { ada, bob, a, b } = await pair('mute-room');
    const carol = await server.connect();
    const c = await join(carol, 'mute-room', 'Carol');
    const by = { peerId: a.self.peerId, name: 'Ada' };

    const mutedBob = nextEvent(bob, 'muted');
    const updatedAtCarol = nextEvent(carol, 'peer:updated');
    await ada.timeout(3000).emitWithAck('host:mute', { peerId: b.self.peerId, kind: 'audio' });
    expect(await mutedBob).toEqual({ kind: 'audio', by });
    expect(await updatedAtCarol).toMatchObject({
      peerId: b.self.peerId,
      media: { audio: false, video: true },
    });

    // Mute everyone: those whose microphone is still on (Carol), never the host itself.
    const mutedAtAda = record(ada, 'muted');
    const mutedAtBob = record(bob, 'muted');
    const mutedCarol = nextEvent(carol, 'muted');
    await ada.timeout(3000).emitWithAck('host:mute', { kind: 'audio' });
    expect(await mutedCarol).toEqual({ kind: 'audio', by });
    await settle(ada, bob);
    expect(mutedAtAda).toEqual([]);
    expect(mutedAtBob).toEqual([]);

    // Stop a screen share.
    await carol
      .timeout(3000)
      .emitWithAck('peer:update', { media: { audio: false, video: true, screen: true } });
    const stopped = nextEvent(carol, 'muted');
    const carolAtBob = nextEvent(bob, 'peer:updated');
    await ada.timeout(3000).emitWithAck('host:mute', { peerId: c.self.peerId, kind: 'screen' });
    expect(await stopped).toEqual({ kind: 'screen', by });
    expect(await carolAtBob).toMatchObject({ media: { screen: false } });
  });

  it('orders raised hands by server time, lets a host lower one, and relays reactions to the others', async () => {
    let now = 1_764_000_000_000;
    await start({ now: () => now });
    const { ada, bob, b } = await pair('hand-room');
    const up = nextEvent(ada, 'peer:updated');
    const upAtBob = nextEvent(bob, 'peer:updated');
    await bob.timeout(3000).emitWithAck('hand', { raised: true });
    expect(await up).toMatchObject({ peerId: b.self.peerId, handRaisedAt: now });
    expect(await upAtBob).toMatchObject({ peerId: b.self.peerId, handRaisedAt: now });
    // Raised again: it keeps its place.
    now += 1000;
    const updates = record(ada, 'peer:updated');
    await bob.timeout(3000).emitWithAck('hand', { raised: true });
    await settle(ada, bob);
    expect(updates).toEqual([]);

    const down = nextEvent(bob, 'peer:updated');
    await ada.timeout(3000).emitWithAck('host:lower-hand', { peerId: b.self.peerId });
    expect((await down).handRaisedAt).toBeUndefined();

    const reactionAtAda = nextEvent(ada, 'reaction');
    const ownReactions = record(bob, 'reaction');
    expect(await bob.timeout(3000).emitWithAck('reaction', { reaction: '🎉' })).toEqual({
      ok: true,
      data: {},
    });
    expect(await reactionAtAda).toEqual({ from: b.self.peerId, reaction: '🎉' });
    await settle(bob);
    expect(ownReactions).toEqual([]);
    // A burst, then rate limited.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => bob.timeout(3000).emitWithAck('reaction', { reaction: '👍' })),
    );
    expect(answers.filter((r) => !r.ok && r.error.code === 'rate_limited').length).toBeGreaterThan(0);
  });

  it('ends the call for everyone: seats end, knockers are turned away, the room is gone', async () => {
    await start({ graceMs: 5000 });
    const { ada, bob, a, b } = await pair('end-room');
    await ada.timeout(3000).emitWithAck('room:lock', { locked: true });
    const knocker = await server.connect();
    await knock(knocker, 'end-room', 'Carol');
    const endedAtBob = nextEvent(bob, 'room:ended');
    const endedAtAda = nextEvent(ada, 'room:ended');
    const turnedAway = nextEvent(knocker, 'knock:result');
    expect(await ada.timeout(3000).emitWithAck('room:end', {})).toEqual({ ok: true, data: {} });
    const by = { peerId: a.self.peerId, name: 'Ada' };
    expect(await endedAtBob).toEqual({ by });
    expect(await endedAtAda).toEqual({ by });
    expect(await turnedAway).toEqual({ admitted: false });

    const back = await server.connect();
    const resume = { peerId: b.self.peerId, token: b.session.token };
    expect(await joinWith(back, { roomId: 'end-room', name: 'Bob', resume })).toMatchObject({
      ok: false,
      error: { code: 'invalid_session' },
    });
    // The same sockets may start again: a new room, unlocked, whose first joiner is host.
    const again = await joinWith(bob, { roomId: 'end-room', name: 'Bob' });
    expect(again).toMatchObject({ ok: true, data: { host: true, peers: [], room: { locked: false } } });
  });

  it('hands the host role to the longest-present participant when the last host leaves', async () => {
    await start();
    const { ada, bob, b } = await pair('handover-room');
    const carol = await server.connect();
    await join(carol, 'handover-room', 'Carol');
    await ada.timeout(3000).emitWithAck('room:lock', { locked: true });
    const waiting = await server.connect();
    const knockId = await knock(waiting, 'handover-room', 'Dan');

    const atCarol = nextEvent(carol, 'peer:updated');
    const knockAtBob = nextEvent(bob, 'knock');
    await ada.timeout(3000).emitWithAck('room:leave', {});
    expect(await atCarol).toMatchObject({ peerId: b.self.peerId, host: true });
    // The new host hears the waiting knock, and may answer it.
    expect(await knockAtBob).toEqual({ knockId, name: 'Dan' });
    const result = nextEvent(waiting, 'knock:result');
    expect(await bob.timeout(3000).emitWithAck('knock:answer', { knockId, admit: false })).toEqual({
      ok: true,
      data: {},
    });
    expect(await result).toEqual({ admitted: false });
  });

  it('hands the host role on when the host drops past the grace period, and not before', async () => {
    await start({ graceMs: 400 });
    const { ada, bob, b } = await pair('grace-room');
    const updates = record(bob, 'peer:updated');
    // A dropped connection, not a client that said goodbye (that one leaves at once).
    ada.io.engine.close();
    await sleep(150);
    expect(updates).toEqual([]);
    await expect
      .poll(() => updates, { timeout: 3000 })
      .toEqual([expect.objectContaining({ peerId: b.self.peerId, host: true })]);
    expect(await bob.timeout(3000).emitWithAck('room:lock', { locked: true })).toEqual({
      ok: true,
      data: {},
    });
  });

  it('makes others hosts: they hear the waiting knocks and may moderate', async () => {
    await start();
    const { ada, bob, b } = await pair('promote-room');
    await ada.timeout(3000).emitWithAck('room:lock', { locked: true });
    const knockId = await knock(await server.connect(), 'promote-room', 'Carol');
    const knockAtBob = nextEvent(bob, 'knock');
    const promoted = nextEvent(ada, 'peer:updated');
    expect(await ada.timeout(3000).emitWithAck('host:promote', { peerId: b.self.peerId })).toEqual({
      ok: true,
      data: {},
    });
    expect(await promoted).toMatchObject({ peerId: b.self.peerId, host: true });
    expect(await knockAtBob).toEqual({ knockId, name: 'Carol' });
    expect(await bob.timeout(3000).emitWithAck('room:lock', { locked: false })).toEqual({
      ok: true,
      data: {},
    });
  });

  it('tells a host who resumes the knocks that waited, and rate-limits one socket knocking again and again', async () => {
    await start({ graceMs: 5000 });
    const { ada, a } = await pair('resume-room');
    await ada.timeout(3000).emitWithAck('room:lock', { locked: true });
    ada.io.engine.close();
    const carol = await server.connect();
    const knockId = await knock(carol, 'resume-room', 'Carol');

    const back = await server.connect();
    const told = nextEvent(back, 'knock');
    const resume = { peerId: a.self.peerId, token: a.session.token };
    expect(await joinWith(back, { roomId: 'resume-room', name: 'Ada', resume })).toMatchObject({
      ok: true,
      data: { resumed: true, host: true, room: { locked: true } },
    });
    expect(await told).toEqual({ knockId, name: 'Carol' });

    // Each knock replaces the socket's last one; after a burst of 5, the socket must wait.
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await carol.timeout(3000).emitWithAck('knock', { roomId: 'resume-room', name: 'Carol' }));
    expect(answers.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'rate_limited',
      'rate_limited',
    ]);
  });

  it('caps the knocks of a room, and admitting all never overfills it', async () => {
    await start({ maxPeers: 8, maxKnocksPerRoom: 20 });
    const ada = await server.connect();
    await join(ada, 'crowd-room', 'Ada');
    await ada.timeout(3000).emitWithAck('room:lock', { locked: true });
    const crowd = await Promise.all(Array.from({ length: 21 }, () => server.connect()));
    const tickets = crowd.map((c) => nextEvent(c, 'knock:result', 5000).catch(() => undefined));
    const knocks = await Promise.all(
      crowd.map((c, i) => c.timeout(5000).emitWithAck('knock', { roomId: 'crowd-room', name: `p${i}` })),
    );
    expect(knocks.filter((k) => k.ok)).toHaveLength(20);
    expect(knocks.filter((k) => !k.ok && k.error.code === 'room_full')).toHaveLength(1);

    await ada.timeout(3000).emitWithAck('knock:answer', { all: true, admit: true });
    const results = await Promise.all(tickets.map((t, i) => (knocks[i]?.ok ? t : undefined)));
    const joins = await Promise.all(
      crowd.map((c, i) => {
        const result = results[i];
        if (!result?.admitted) return undefined;
        return joinWith(c, { roomId: 'crowd-room', name: `p${i}`, ticket: result.ticket });
      }),
    );
    const answered = joins.filter((j) => j !== undefined);
    expect(answered).toHaveLength(20);
    expect(answered.filter((j) => j.ok)).toHaveLength(7);
    expect(answered.filter((j) => !j.ok && j.error.code === 'room_full')).toHaveLength(13);
  });

  it('asks for the password, answers wrong ones later each time, and lets admitted and resuming people skip it', async () => {
    const delays: number[] = [];
    await start({
      graceMs: 5000,
      wrongPasswordDelayMs: 40,
      sleep: (ms) => {
        delays.push(ms);
        return sleep(ms);
      },
    });
    const { ada, bob, a } = await pair('secret-room');
    const state = nextEvent(bob, 'room:state');
    await ada.timeout(3000).emitWithAck('room:password', { password: 'open sesame' });
    expect(await state).toEqual({ locked: false, hasPassword: true });

    const carol = await server.connect();
    expect(await joinWith(carol, { roomId: 'secret-room', name: 'Carol' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_password' },
    });
    expect(delays).toEqual([]);
    const timed = async (password: string) => {
      const started = performance.now();
      const result = await joinWith(carol, { roomId: 'secret-room', name: 'Carol', password });
      return { result, ms: performance.now() - started };
    };
    const first = await timed('guess 1');
    const second = await timed('guess 2');
    const third = await timed('guess 3');
    for (const { result } of [first, second, third]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
    }
    // step, 2 × step, 4 × step: each wrong answer waits one more doubling, and really waited it.
    expect(delays).toEqual([40, 80, 160]);
    expect(second.ms).toBeGreaterThanOrEqual(80 - 2);
    expect(third.ms).toBeGreaterThanOrEqual(160 - 2);
    expect((await timed('open sesame')).result).toMatchObject({
      ok: true,
      data: { room: { hasPassword: true } },
    });

    // A host resuming is not asked again.
    ada.io.engine.close();
    const back = await server.connect();
    const resume = { peerId: a.self.peerId, token: a.session.token };
    expect(await joinWith(back, { roomId: 'secret-room', name: 'Ada', resume })).toMatchObject({
      ok: true,
      data: { resumed: true, host: true },
    });

    // An admitted knocker is not asked either: the host's admission is enough.
    await back.timeout(3000).emitWithAck('room:lock', { locked: true });
    const dan = await server.connect();
    const result = nextEvent(dan, 'knock:result');
    const knockId = await knock(dan, 'secret-room', 'Dan');
    await back.timeout(3000).emitWithAck('knock:answer', { knockId, admit: true });
    const admitted = await result;
    if (!admitted.admitted) throw new Error('not admitted');
    expect(
      await joinWith(dan, { roomId: 'secret-room', name: 'Dan', ticket: admitted.ticket }),
    ).toMatchObject({
      ok: true,
    });
    // A ticket is for one join: used, it lets nobody else past the password, even with the door open.
    await back.timeout(3000).emitWithAck('room:lock', { locked: false });
    const eve = await server.connect();
    expect(
      await joinWith(eve, { roomId: 'secret-room', name: 'Eve', ticket: admitted.ticket }),
    ).toMatchObject({
      ok: false,
      error: { code: 'room_locked' },
    });

    // Cleared: no password asked.
    await back.timeout(3000).emitWithAck('room:password', { password: null });
    expect(await joinWith(await server.connect(), { roomId: 'secret-room', name: 'Erin' })).toMatchObject({
      ok: true,
      data: { room: { hasPassword: false } },
    });
  });
});
