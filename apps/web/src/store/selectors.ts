import type { CallState } from './callStore';
import type { RemotePeer } from './types';

/** Peers in the order they arrived (Map insertion order), so tiles never jump around. */
export function peerList(state: Pick<CallState, 'peers'>): RemotePeer[] {
  return [...state.peers.values()];
}

/** Whose screen gets the large tile: the first remote sharer, else our own share; null when nobody shares. */
export function spotlight(state: Pick<CallState, 'peers' | 'screen'>): string | 'self' | null {
  const sharer = peerList(state).find((p) => p.media.screen && p.screen);
  if (sharer) return sharer.peerId;
  return state.screen ? 'self' : null;
}
