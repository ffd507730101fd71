import type { CallState } from './callStore';
import type { RemotePeer } from './types';

/** Peers in the order they arrived (Map insertion order), so tiles never jump around. */
export function peerList(state: Pick<CallState, 'peers'>): RemotePeer[] {
  return [...state.peers.values()];
}

/**
 * A peer's camera or screen, while they send it. Every link has all three slots, so the streams
 * exist from the first negotiation whether or not anything is sent; `media` says what is.
 */
export function sentCamera(peer: RemotePeer): MediaStream | null {
  return peer.media.video ? peer.camera : null;
}

export function sentScreen(peer: RemotePeer): MediaStream | null {
  return peer.media.screen ? peer.screen : null;
}

/** Whose screen gets the large tile: the first remote sharer, else our own share; null when nobody shares. */
export function spotlight(state: Pick<CallState, 'peers' | 'screen'>): string | 'self' | null {
  const sharer = peerList(state).find((p) => sentScreen(p) !== null);
  if (sharer) return sharer.peerId;
  return state.screen ? 'self' : null;
}

/** One row of the Participants panel; `peerId` is 'self' for us. */
export interface ParticipantRow {
  peerId: string;
  name: string;
  self: boolean;
  host: boolean;
  media: CallState['media'];
  handRaisedAt: number | null;
}

/**
 * Everyone in the call: raised hands first, in the order they went up, then the rest, us first and
 * the others in arrival order (a stable sort keeps that order within each group).
 */
export function participantRows(
  state: Pick<CallState, 'peers' | 'name' | 'host' | 'media' | 'handRaisedAt'>,
): ParticipantRow[] {
  const self: ParticipantRow = {
    peerId: 'self',
    name: state.name,
    self: true,
    host: state.host,
    media: state.media,
    handRaisedAt: state.handRaisedAt,
  };
  const others = peerList(state).map<ParticipantRow>((p) => ({
    peerId: p.peerId,
    name: p.name,
    self: false,
    host: p.host,
    media: p.media,
    handRaisedAt: p.handRaisedAt,
  }));
  const byHand = (a: ParticipantRow, b: ParticipantRow) => {
    if (a.handRaisedAt === null || b.handRaisedAt === null) {
      return (a.handRaisedAt === null ? 1 : 0) - (b.handRaisedAt === null ? 1 : 0);
    }
    return a.handRaisedAt - b.handRaisedAt;
  };
  return [self, ...others].sort(byHand);
}

/** Position (1-based) of each raised hand, by the time it went up; 'self' for ours. */
export function handOrder(state: Pick<CallState, 'peers' | 'handRaisedAt'>): ReadonlyMap<string, number> {
  const hands: Array<[string, number]> = peerList(state)
    .filter((p) => p.handRaisedAt !== null)
    .map((p) => [p.peerId, p.handRaisedAt as number]);
  if (state.handRaisedAt !== null) hands.push(['self', state.handRaisedAt]);
  hands.sort((a, b) => a[1] - b[1]);
  return new Map(hands.map(([id], i) => [id, i + 1]));
}
