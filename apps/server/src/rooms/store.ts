import type { MediaState, Peer, PeerId, RoomId } from '@parley/protocol';

export type JoinOutcome = { ok: true; peers: Peer[] } | { ok: false; reason: 'room_full' };

export type PeerChanges = { name?: string; media?: MediaState };

/**
 * Who is in which room. Async on purpose: the in-memory store answers at once, a shared store
 * (Redis, for several server nodes) answers over the network with the same contract.
 * Delivery is not the store's job; sockets reach each other through Socket.IO rooms.
 */
export interface RoomStore {
  /**
   * Adds `peer` unless the room already holds `maxPeers`; the check and the add are one atomic
   * step, so concurrent joins never overfill a room. On success, lists the peers already there.
   */
  join(roomId: RoomId, peer: Peer, maxPeers: number): Promise<JoinOutcome>;
  /** Removes the peer (a room left empty is deleted); answers the removed peer, if it was there. */
  leave(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined>;
  lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined>;
  members(roomId: RoomId): Promise<Peer[]>;
  /** Applies the changes and answers the whole updated peer, or undefined if it is not in the room. */
  update(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Promise<Peer | undefined>;
  stats(): Promise<{ rooms: number; peers: number }>;
}
