import type { MediaState, Peer, PeerId, RoomId } from '@parley/protocol';

export type JoinOutcome = { ok: true; peers: Peer[] } | { ok: false; reason: 'room_full' };

export type PeerChanges = { name?: string; media?: MediaState };

/** A claim on a peer: the owner it replaced, if the peer had one. */
export type Claim = { previous: string | undefined };

/** One peer's place in one room. */
export interface Seat {
  roomId: RoomId;
  peerId: PeerId;
}

/**
 * Who is in which room, and which connection speaks for each peer. Async on purpose: the in-memory
 * store answers at once, a shared store (Redis, for several server nodes) answers over the network
 * with the same contract. Delivery is not the store's job; sockets reach each other through
 * Socket.IO rooms.
 *
 * Owner ids are opaque to the store: each names one connection, so a node can tell whether the peer
 * whose socket dropped still belongs to that socket, or has since come back through another one,
 * possibly on another node.
 */
export interface RoomStore {
  /**
   * Adds `peer` unless the room already holds `maxPeers`; the check and the add are one atomic
   * step, so concurrent joins never overfill a room. On success, lists the peers already there.
   */
  join(roomId: RoomId, peer: Peer, maxPeers: number, ownerId?: string): Promise<JoinOutcome>;
  /**
   * Removes the peer (a room left empty is deleted); answers the removed peer, if it was there.
   * With `ownerId`, only while that connection still owns the peer: checked and removed atomically.
   */
  leave(roomId: RoomId, peerId: PeerId, ownerId?: string): Promise<Peer | undefined>;
  /**
   * Makes `ownerId` the connection that speaks for a peer already in the room, and answers the
   * owner it replaced; undefined when the peer is not (or no longer) in the room.
   */
  claim(roomId: RoomId, peerId: PeerId, ownerId: string): Promise<Claim | undefined>;
  owner(roomId: RoomId, peerId: PeerId): Promise<string | undefined>;
  lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined>;
  /** In the order they joined. */
  members(roomId: RoomId): Promise<Peer[]>;
  /** Applies the changes and answers the whole updated peer, or undefined if it is not in the room. */
  update(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Promise<Peer | undefined>;
  stats(): Promise<{ rooms: number; peers: number }>;
  /** Only stores shared by several nodes, where a node can die holding peers. */
  readonly liveness?: Liveness;
}

/**
 * Leases for a shared store: each peer's place expires unless the node that holds it renews it,
 * so the peers of a node that died do not stay in their rooms for ever.
 */
export interface Liveness {
  /** How often a node renews the places it holds (and sweeps expired ones). */
  readonly renewEveryMs: number;
  /** Extends the lease of each seat still in its room; seats no longer there stay gone. */
  renew(seats: Seat[]): Promise<void>;
  /** Removes every seat whose lease ran out, and answers them: each exactly once, across nodes. */
  sweep(): Promise<Seat[]>;
}
