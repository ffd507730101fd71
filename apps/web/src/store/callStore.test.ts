import type { Peer } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createCallStore } from './callStore';
import { handOrder, participantRows, peerList, spotlight } from './selectors';

const media = { audio: true, video: true, screen: false };
const peer = (peerId: string, name = peerId): Peer => ({ peerId, name, media, host: false });
const fakeStream = (id: string) => ({ id }) as unknown as MediaStream;

describe('call store', () => {
  it('enters a room with a clean slate and the remembered name', () => {
    const store = createCallStore();
    store.getState().peerJoined(peer('x'));
    store.getState().enterRoom('abc-def', 'Ada');
    const s = store.getState();
    expect(s.roomId).toBe('abc-def');
    expect(s.name).toBe('Ada');
    expect(s.phase).toBe('lobby');
    expect(s.peers.size).toBe(0);
  });

  it('keeps the roster in arrival order and replaces the map on every change', () => {
    const store = createCallStore();
    store.getState().joined('me', [peer('p2', 'Zed'), peer('p1', 'Amy')], 8);
    const before = store.getState().peers;
    store.getState().peerJoined(peer('p3', 'Bob'));
    const after = store.getState().peers;
    expect(after).not.toBe(before);
    expect(before.size).toBe(2);
    expect(peerList(store.getState()).map((p) => p.name)).toEqual(['Zed', 'Amy', 'Bob']);
    expect(store.getState().peers.size).toBe(3);
    expect(store.getState().phase).toBe('in-call');
    expect(store.getState().selfId).toBe('me');
  });

  it('applies updates and departures only to peers it knows', () => {
    const store = createCallStore();
    store.getState().joined('me', [peer('p1', 'Amy')], 8);
    store.getState().peerUpdated({
      peerId: 'p1',
      name: 'Amy B',
      media: { audio: false, video: true, screen: true },
      host: false,
    });
    store.getState().peerUpdated(peer('ghost'));
    expect(store.getState().peers.get('p1')).toMatchObject({
      name: 'Amy B',
      media: { audio: false, screen: true },
    });
    expect(store.getState().peers.has('ghost')).toBe(false);
    const beforeLeave = store.getState().peers;
    store.getState().peerLeft('ghost');
    expect(store.getState().peers).toBe(beforeLeave);
    store.getState().peerLeft('p1');
    expect(store.getState().peers.size).toBe(0);
  });

  it('attaches remote streams and connection state to the right peer', () => {
    const store = createCallStore();
    store.getState().joined('me', [peer('p1'), peer('p2')], 8);
    const camera = fakeStream('cam');
    store.getState().setRemoteStream('p1', 'camera', camera);
    store.getState().setConnection('p1', 'connected');
    expect(store.getState().peers.get('p1')).toMatchObject({ camera, connection: 'connected' });
    expect(store.getState().peers.get('p2')).toMatchObject({ camera: null, connection: 'new' });
  });

  it('keeps streams a peer already has when the roster is rebuilt', () => {
    const store = createCallStore();
    store.getState().joined('me', [peer('p1')], 8);
    const camera = fakeStream('cam');
    store.getState().setRemoteStream('p1', 'camera', camera);
    store.getState().joined('me', [peer('p1', 'Renamed')], 8);
    expect(store.getState().peers.get('p1')).toMatchObject({ camera, name: 'Renamed' });
  });

  it('tracks our own screen share in the media state', () => {
    const store = createCallStore();
    store.getState().setScreen(fakeStream('screen'));
    expect(store.getState().media.screen).toBe(true);
    store.getState().setScreen(null);
    expect(store.getState().media.screen).toBe(false);
  });
});

describe('spotlight', () => {
  it('features the first remote screen, else our own, else nobody', () => {
    const store = createCallStore();
    store.getState().joined('me', [peer('p1'), peer('p2')], 8);
    expect(spotlight(store.getState())).toBeNull();
    store.getState().setScreen(fakeStream('mine'));
    expect(spotlight(store.getState())).toBe('self');
    store
      .getState()
      .peerUpdated({ peerId: 'p2', name: 'p2', media: { ...media, screen: true }, host: false });
    // Announced but no video yet: nothing to feature from p2.
    expect(spotlight(store.getState())).toBe('self');
    store.getState().setRemoteStream('p2', 'screen', fakeStream('theirs'));
    expect(spotlight(store.getState())).toBe('p2');
  });
});

describe('room control', () => {
  it('keeps hosts and raised hands from the roster, and lists hands in the order they went up', () => {
    const store = createCallStore();
    store.getState().enterRoom('abc-def', 'Me');
    store.getState().joined('me', [peer('p1', 'Amy'), { ...peer('p2', 'Bob'), host: true }], 8);
    store.getState().peerUpdated({ ...peer('p1', 'Amy'), handRaisedAt: 2_000 });
    store.getState().setHand(1_000);
    const rows = participantRows(store.getState());
    expect(rows.map((r) => [r.name, r.handRaisedAt, r.host])).toEqual([
      ['Me', 1_000, false],
      ['Amy', 2_000, false],
      ['Bob', null, true],
    ]);
    expect([...handOrder(store.getState())]).toEqual([
      ['self', 1],
      ['p1', 2],
    ]);
    // Lowered by a host: the peer update carries no hand.
    store.getState().peerUpdated(peer('p1', 'Amy'));
    expect(store.getState().peers.get('p1')?.handRaisedAt).toBeNull();
    store.getState().setHand(null);
    expect(participantRows(store.getState()).map((r) => r.name)).toEqual(['Me', 'Amy', 'Bob']);
  });

  it('lists each knock once, forgets answered ones, and forgets them all when we stop being host', () => {
    const store = createCallStore();
    store.getState().setHost(true);
    store.getState().knockArrived({ knockId: 'k1', name: 'Cy' });
    store.getState().knockArrived({ knockId: 'k2', name: 'Dee' });
    store.getState().knockArrived({ knockId: 'k1', name: 'Cy' });
    expect(store.getState().knocks.map((k) => k.name)).toEqual(['Cy', 'Dee']);
    store.getState().knockGone('k1');
    store.getState().knockGone('nope');
    expect(store.getState().knocks.map((k) => k.knockId)).toEqual(['k2']);
    store.getState().setHost(false);
    expect(store.getState().knocks).toEqual([]);
  });

  it('keeps a bounded list of reaction bursts and drops each when done', () => {
    const store = createCallStore();
    for (let id = 1; id <= 20; id++) store.getState().addReaction({ id, from: 'p1', reaction: '👍' });
    expect(store.getState().reactions).toHaveLength(12);
    expect(store.getState().reactions[0]?.id).toBe(9);
    store.getState().reactionDone(9);
    expect(store.getState().reactions.map((r) => r.id)).not.toContain(9);
  });

  it('a new room starts with the door open and nothing left of the last call', () => {
    const store = createCallStore();
    store.getState().setExit({ reason: 'removed', by: 'Ada' });
    store.getState().setDoor('denied');
    store.getState().setPasswordNeeded(true);
    store.getState().enterRoom('abc-def', 'Me');
    expect(store.getState()).toMatchObject({ exit: null, door: 'open', passwordNeeded: false, host: false });
  });
});
