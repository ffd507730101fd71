import type { AckResult, JoinResponse, Peer } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkState } from '../signaling/SignalingClient';
import { createCallStore } from '../store/callStore';
import { Admission } from './Admission';
import { RoomSession, type SignalingPort } from './RoomSession';

type Handler = (payload: Record<string, unknown>) => AckResult<unknown> | 'no-answer';

/**
 * A signaling client driven by the test: requests are answered by `answers[event]` (or time out,
 * as the real client does, with 'no-answer'), and the test pushes link changes and server events.
 */
class FakeSignaling implements SignalingPort {
  connected = false;
  recovered = false;
  readonly sent: Array<{ event: string; payload: Record<string, unknown> }> = [];
  readonly answers: Record<string, Handler> = {};
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  private readonly linkListeners = new Set<(state: LinkState) => void>();

  connect(): void {}
  async waitUntilConnected(): Promise<void> {
    if (!this.connected) throw new Error('not connected');
  }
  request = (async (event: string, payload: Record<string, unknown>) => {
    this.sent.push({ event, payload });
    const answer = this.answers[event]?.(payload) ?? { ok: true, data: {} };
    if (answer === 'no-answer') throw new Error('timeout');
    return answer;
  }) as unknown as SignalingPort['request'];
  on = ((event: string, handler: (...args: unknown[]) => void) => {
    const set = this.listeners.get(event) ?? new Set();
    set.add(handler);
    this.listeners.set(event, set);
    return () => set.delete(handler);
  }) as unknown as SignalingPort['on'];
  onLink(listener: (state: LinkState) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }
  close(): void {
    this.connected = false;
  }

  link(state: LinkState, recovered = false): void {
    this.connected = state === 'connected';
    this.recovered = recovered;
    for (const listener of this.linkListeners) listener(state);
  }
  push(event: string, payload: unknown): void {
    for (const handler of this.listeners.get(event) ?? []) handler(payload);
  }
  count(event: string): number {
    return this.sent.filter((s) => s.event === event).length;
  }
}

const media = { audio: true, video: true, screen: false };
const peer = (peerId: string): Peer => ({ peerId, name: peerId, media, host: false });
const joinAnswer = (selfId: string, peers: Peer[], resumed = false): AckResult<JoinResponse> => ({
  ok: true,
  data: {
    self: { peerId: selfId },
    peers,
    iceServers: [],
    maxPeers: 8,
    session: { token: `token-of-${selfId}`, graceMs: 1_000 },
    resumed,
    room: { locked: false, hasPassword: false },
    host: peers.length === 0,
  },
});
const request = { roomId: 'room-one', name: 'Ada', media: { audio: true, video: true } };

function setup() {
  const signaling = new FakeSignaling();
  const session = new RoomSession(() => signaling, {
    resumeRetryMs: 100,
    absenceSlackMs: 500,
    signalBackoffMs: 50,
  });
  const events: string[] = [];
  session.on('joined', (r) => events.push(`joined ${r.self.peerId} [${r.peers.map((p) => p.peerId)}]`));
  session.on('resumed', (r, kept) => events.push(`resumed kept=${kept} [${r.peers.map((p) => p.peerId)}]`));
  session.on('peerJoined', (p) => events.push(`peerJoined ${p.peerId}`));
  session.on('peerLeft', (id) => events.push(`peerLeft ${id}`));
  session.on('signal', (from) => events.push(`signal from ${from}`));
  session.on('ended', (code) => events.push(`ended ${code}`));
  return { signaling, session, events };
}

/** Joins as `me` with `peers` already in the room. */
async function joined(peers: Peer[]) {
  const s = setup();
  s.session.connect();
  s.signaling.link('connected');
  s.signaling.answers['room:join'] = () => joinAnswer('me', peers);
  expect(await s.session.join(request)).toEqual({ ok: true });
  s.events.length = 0;
  return s;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RoomSession', () => {
  it('opens the socket in the lobby and sends nothing about the person until Join', async () => {
    const { signaling, session, events } = setup();
    session.connect();
    signaling.link('connected');
    expect(signaling.sent).toEqual([]);
    signaling.answers['room:join'] = () => joinAnswer('me', [peer('bob')]);
    expect(await session.join(request)).toEqual({ ok: true });
    // Join is one request on the open socket.
    expect(signaling.sent.map((s) => s.event)).toEqual(['room:join']);
    expect(signaling.sent[0]?.payload).toEqual(request);
    expect(events).toEqual(['joined me [bob]']);
  });

  it('answers why a join failed: an error code, or unreachable when the socket never connects', async () => {
    const { signaling, session } = setup();
    session.connect();
    signaling.link('connected');
    signaling.answers['room:join'] = () => ({ ok: false, error: { code: 'room_full', message: 'full' } });
    expect(await session.join(request)).toEqual({ ok: false, code: 'room_full' });
    signaling.link('connecting');
    expect(await session.join(request)).toEqual({ ok: false, code: 'unreachable' });
  });

  it('after a recovered drop does nothing; after a lost one resumes as the same peer', async () => {
    const { signaling, session, events } = await joined([peer('bob')]);
    signaling.link('reconnecting');
    signaling.link('connected', true);
    expect(signaling.count('room:join')).toBe(1);

    signaling.answers['room:join'] = () => joinAnswer('me', [peer('bob')], true);
    signaling.link('reconnecting');
    signaling.link('connected');
    await vi.advanceTimersByTimeAsync(0);
    expect(signaling.sent.at(-1)?.payload).toMatchObject({ resume: { peerId: 'me', token: 'token-of-me' } });
    expect(events).toEqual(['resumed kept=true [bob]']);
    expect(session.inRoom).toBe(true);
  });

  it('tries a resume that got no answer again while the link is up', async () => {
    const { signaling, events } = await joined([peer('bob')]);
    let tries = 0;
    signaling.answers['room:join'] = () =>
      ++tries < 3 ? 'no-answer' : joinAnswer('me', [peer('bob')], true);
    signaling.link('reconnecting');
    signaling.link('connected');
    await vi.advanceTimersByTimeAsync(250);
    expect(tries).toBe(3);
    expect(events).toEqual(['resumed kept=true [bob]']);
  });

  it('treats already_in_room as an earlier resume that went through', async () => {
    const { signaling, session, events } = await joined([peer('bob')]);
    signaling.answers['room:join'] = () => ({
      ok: false,
      error: { code: 'already_in_room', message: 'already' },
    });
    signaling.link('reconnecting');
    signaling.link('connected');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([]);
    expect(session.inRoom).toBe(true);
  });

  it('gives peers that vanished during the drop the grace period, then lets them go', async () => {
    const { signaling, events } = await joined([peer('bob'), peer('cy'), peer('dee')]);
    // The server restarted: only bob is back so far.
    signaling.answers['room:join'] = () => joinAnswer('me', [peer('bob')], false);
    signaling.link('reconnecting');
    signaling.link('connected');
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['resumed kept=false [bob]']);
    // cy resumes in time; dee does not (grace 1,000 ms + slack 500 ms).
    await vi.advanceTimersByTimeAsync(1_000);
    signaling.push('peer:joined', peer('cy'));
    await vi.advanceTimersByTimeAsync(600);
    expect(events).toEqual(['resumed kept=false [bob]', 'peerJoined cy', 'peerLeft dee']);
    // A signal from dee now belongs to no call.
    signaling.push('signal', { from: 'dee', candidate: { candidate: 'x' } });
    signaling.push('signal', { from: 'cy', candidate: { candidate: 'x' } });
    expect(events.at(-1)).toBe('signal from cy');
    expect(events.filter((e) => e === 'signal from dee')).toEqual([]);
  });

  it('joins afresh when the server cannot vouch for our old identity', async () => {
    const { signaling, events } = await joined([peer('bob')]);
    signaling.answers['room:join'] = (payload) =>
      payload.resume
        ? { ok: false, error: { code: 'invalid_session', message: 'no' } }
        : joinAnswer('me-2', [peer('bob')]);
    signaling.link('reconnecting');
    signaling.link('connected');
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['peerLeft bob', 'joined me-2 [bob]']);
  });

  it('sends a signal refused for its rate again with backoff, keeping the order', async () => {
    const { signaling, session } = await joined([peer('bob')]);
    let refusals = 2;
    signaling.answers.signal = () =>
      refusals-- > 0
        ? { ok: false, error: { code: 'rate_limited', message: 'slow down' } }
        : { ok: true, data: {} };
    session.send('bob', { description: { type: 'offer', sdp: 'o' } });
    await vi.advanceTimersByTimeAsync(0);
    session.send('bob', { candidate: { candidate: 'c1' } });
    await vi.advanceTimersByTimeAsync(1_000);
    const signals = signaling.sent.filter((s) => s.event === 'signal').map((s) => s.payload);
    // Refused, refused (backoff 50, 100 ms), then delivered; the candidate waited behind it.
    expect(signals.map((p) => (p.description ? 'offer' : 'candidate'))).toEqual([
      'offer',
      'offer',
      'offer',
      'candidate',
    ]);
  });

  it('resumes when a signal is answered not_in_room (the server lost our seat)', async () => {
    const { signaling, session, events } = await joined([peer('bob')]);
    signaling.answers.signal = () => ({ ok: false, error: { code: 'not_in_room', message: 'gone' } });
    signaling.answers['room:join'] = () => joinAnswer('me', [peer('bob')], false);
    session.send('bob', { candidate: { candidate: 'c1' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(signaling.sent.at(-1)?.payload).toMatchObject({ resume: { peerId: 'me' } });
    expect(events).toEqual(['resumed kept=false [bob]']);
  });

  it('ends the call when the server will not have us back', async () => {
    const { signaling, session, events } = await joined([peer('bob')]);
    signaling.answers['room:join'] = () => ({ ok: false, error: { code: 'room_full', message: 'full' } });
    signaling.link('reconnecting');
    signaling.link('connected');
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['ended room_full']);
    expect(session.inRoom).toBe(false);
  });
});

describe('the door (Admission over RoomSession)', () => {
  const locked: AckResult<never> = { ok: false, error: { code: 'room_locked', message: 'locked' } };

  /** A lobby about to join: a store in phase 'joining', as the controller leaves it. */
  function lobby() {
    const s = setup();
    const store = createCallStore();
    store.getState().enterRoom('room-one', 'Ada');
    store.getState().setPhase('joining');
    s.session.on('joined', (r) => store.getState().joined(r.self.peerId, r.peers, r.maxPeers));
    const admission = new Admission(s.session, store);
    s.session.connect();
    s.signaling.link('connected');
    const enter = (password?: string) =>
      admission.enter(() => ({ ...request, password, deviceKey: 'device-key-0123456789' }));
    return { ...s, store, admission, enter };
  }

  it('knocks at a locked room and joins at once with the ticket a host granted', async () => {
    const { signaling, store, enter } = lobby();
    signaling.answers['room:join'] = (p) =>
      p.ticket === 'ticket-1' ? joinAnswer('me', [peer('host')]) : locked;
    signaling.answers.knock = () => ({ ok: true, data: { knockId: 'k1' } });
    const entering = enter();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().door).toBe('knocking');
    expect(signaling.sent.at(-1)).toEqual({
      event: 'knock',
      payload: { roomId: 'room-one', name: 'Ada', deviceKey: 'device-key-0123456789' },
    });
    signaling.push('knock:result', { admitted: true, ticket: 'ticket-1' });
    await entering;
    expect(signaling.sent.at(-1)?.payload).toMatchObject({
      ticket: 'ticket-1',
      deviceKey: 'device-key-0123456789',
    });
    expect(store.getState()).toMatchObject({ phase: 'in-call', door: 'open', selfId: 'me' });
  });

  it('a denied knock goes back to the lobby and says so; nothing joins', async () => {
    const { signaling, store, enter } = lobby();
    signaling.answers['room:join'] = () => locked;
    signaling.answers.knock = () => ({ ok: true, data: { knockId: 'k1' } });
    const entering = enter();
    await vi.advanceTimersByTimeAsync(0);
    signaling.push('knock:result', { admitted: false });
    await entering;
    expect(store.getState()).toMatchObject({ phase: 'lobby', door: 'denied' });
    expect(signaling.count('room:join')).toBe(1);
  });

  it('Cancel withdraws the knock and leaves the lobby as it was', async () => {
    const { signaling, store, enter, admission } = lobby();
    signaling.answers['room:join'] = () => locked;
    signaling.answers.knock = () => ({ ok: true, data: { knockId: 'k1' } });
    const entering = enter();
    await vi.advanceTimersByTimeAsync(0);
    admission.cancel();
    await entering;
    expect(signaling.count('knock:cancel')).toBe(1);
    expect(store.getState()).toMatchObject({ phase: 'lobby', door: 'open', problem: null });
    // A late answer to the withdrawn knock changes nothing.
    signaling.push('knock:result', { admitted: true, ticket: 'late' });
    await vi.advanceTimersByTimeAsync(0);
    expect(signaling.count('room:join')).toBe(1);
  });

  it('a knock refused by the server (too many waiting) is explained', async () => {
    const { signaling, store, enter } = lobby();
    signaling.answers['room:join'] = () => locked;
    signaling.answers.knock = () => ({ ok: false, error: { code: 'rate_limited', message: 'slow' } });
    await enter();
    expect(store.getState()).toMatchObject({ phase: 'lobby', door: 'open', problem: { reason: 'rejected' } });
  });

  it('asks for the room password, then says when the one typed is wrong', async () => {
    const { signaling, store, enter } = lobby();
    signaling.answers['room:join'] = (p) =>
      p.password === 'right'
        ? joinAnswer('me', [])
        : { ok: false, error: { code: 'wrong_password', message: 'wrong' } };
    await enter();
    expect(store.getState()).toMatchObject({ phase: 'lobby', passwordNeeded: true });
    expect(store.getState().problem?.message).toMatch(/has a password/);
    store.getState().setPhase('joining');
    await enter('wrong');
    expect(store.getState().problem?.message).toMatch(/not right/);
    store.getState().setPhase('joining');
    await enter('right');
    expect(store.getState().phase).toBe('in-call');
  });
});

describe('RoomSession room control', () => {
  it('a removed participant is out: the session is forgotten and a new link does not resume it', async () => {
    const { signaling, session } = await joined([peer('bob')]);
    const outs: string[] = [];
    session.on('out', (reason, by) => outs.push(`${reason} by ${by.name}`));
    signaling.push('removed', { by: { peerId: 'bob', name: 'Bob' } });
    expect(outs).toEqual(['removed by Bob']);
    expect(session.inRoom).toBe(false);
    signaling.link('reconnecting');
    signaling.link('connected');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(signaling.count('room:join')).toBe(1);
    // Ended for everyone after that: already out, told once.
    signaling.push('room:ended', { by: { peerId: 'bob', name: 'Bob' } });
    expect(outs).toHaveLength(1);
  });

  it('tells our own updates apart, and passes on reactions only from people in the call', async () => {
    const { signaling, session, events } = await joined([peer('bob')]);
    session.on('selfUpdated', (p) => events.push(`self host=${p.host}`));
    session.on('reaction', (m) => events.push(`reaction ${m.from} ${m.reaction}`));
    signaling.push('peer:updated', { ...peer('me'), host: true });
    signaling.push('reaction', { from: 'bob', reaction: '🎉' });
    signaling.push('reaction', { from: 'stranger', reaction: '🎉' });
    expect(events).toEqual(['self host=true', 'reaction bob 🎉']);
  });

  it('answers why a control request did not go through', async () => {
    const { signaling, session } = await joined([peer('bob')]);
    signaling.answers['host:remove'] = () => ({ ok: false, error: { code: 'forbidden', message: 'no' } });
    expect(await session.command('host:remove', { peerId: 'bob' })).toBe('forbidden');
    expect(await session.command('hand', { raised: true })).toBeNull();
    signaling.answers.reaction = () => 'no-answer';
    expect(await session.command('reaction', { reaction: '👍' })).toBe('unreachable');
  });
});
