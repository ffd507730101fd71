import { sentCamera, sentScreen } from '../../store/selectors';
import type { RemotePeer } from '../../store/types';
import { SELF } from '../speaker/speakerStore';

export interface PipSource {
  stream: MediaStream;
  name: string;
}

/**
 * What the floating window shows: the active speaker's screen or camera; while nobody speaks, the
 * first person who shows something; alone, our own camera.
 */
export function pipSource(
  active: string | null,
  peers: ReadonlyMap<string, RemotePeer>,
  self: MediaStream | null,
): PipSource | null {
  const shown = (peer: RemotePeer | undefined) => {
    const stream = peer && (sentScreen(peer) ?? sentCamera(peer));
    return peer && stream ? { stream, name: peer.name } : null;
  };
  if (active && active !== SELF) {
    const speaker = shown(peers.get(active));
    if (speaker) return speaker;
  }
  for (const peer of peers.values()) {
    const first = shown(peer);
    if (first) return first;
  }
  return self ? { stream: self, name: 'You' } : null;
}
