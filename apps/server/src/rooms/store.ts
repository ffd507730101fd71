import type { MediaState, Peer, PeerId, RoomId, RoomState } from '@parley/protocol';
import type { DoorStore, Entry, HeldKnock, SweptKnock } from './door.js';

/** A join let in: the peers already there, whether the joiner is a host, and the door. */
export type JoinOutcome =
  | { ok: true; peers: Peer[]; host: boolean; room: RoomState }
  | { ok: false; reason: 'room_full' | 'room_locked' };

/**
 * What may change in a stored peer: `media` is merged field by field (a host turns one off),
 * `handRaisedAt: null` lowers the hand.
 */
export type PeerChanges = {
  name?: string;
  media?: Partial<MediaState>;
  host?: boolean;
  handRaisedAt?: number | null;
};

/**
 * Who holds a seat: the connection that speaks for the peer (`owner`), and the seat's `nonce`,
 * minted when the seat was first taken and kept across resumes; session tokens carry it, so a
 * token is good for this seat only, and void once the seat has ended.
 */
export interface Holder {
  owner: string;
  nonce: string;
  /** The browser's device key, from the join: barred from the room if a host removes the peer. */
  deviceKey?: string;
}

/**
 * A claim on a peer: the owner it replaced (if the peer had one); or why not: the seat is not in
 * the room (`absent`), or it is another seat than the token's (`other_seat`).
 */
export type Claim =
  | { ok: true; previous: string | undefined }
  | { ok: false; reason: 'absent' | 'other_seat' };

/** One peer's place in one room. */
export interface Seat {
  roomId: RoomId;
  peerId: PeerId;
}

/** A seat as the node holding it knows it: enough to put it back if the store lost it. */
export interface HeldSeat extends Seat, Holder {
  peer: Peer;
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
export interface RoomStore extends DoorStore {
  /**
   * Adds `peer` unless the room already holds `maxPeers` or its door is shut to it (see door.ts);
   * the checks and the add are one atomic step, so concurrent joins never overfill a room. The
   * peer is a host if the room has none. On success, lists the peers already there.
   */
  join(roomId: RoomId, peer: Peer, maxPeers: number, holder?: Holder, entry?: Entry): Promise<JoinOutcome>;
  /**
   * Removes the peer (a room left empty is deleted) and ends its seat (see `ended`); answers the
   * removed peer, if it was there. With `ownerId`, only while that connection still owns the peer:
   * checked and removed atomically.
   */
  leave(roomId: RoomId, peerId: PeerId, ownerId?: string): Promise<Peer | undefined>;
  /**
   * Makes `holder.owner` the connection that speaks for a peer already in the room, if the seat
   * there is the one with `holder.nonce`, and answers the owner it replaced.
   */
  claim(roomId: RoomId, peerId: PeerId, holder: Holder): Promise<Claim>;
  /**
   * Whether the seat with this nonce was left (explicitly, or its grace period ran out) lately,
   * within the lifetime of a session token: such a seat cannot be resumed.
   */
  ended(nonce: string): Promise<boolean>;
  owner(roomId: RoomId, peerId: PeerId): Promise<string | undefined>;
  lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined>;
  /** Whether each of two peers is in the room (a signal's sender and target), in one round trip. */
  both(roomId: RoomId, a: PeerId, b: PeerId): Promise<readonly [boolean, boolean]>;
  /**
   * The same, answered at once; only stores that live in this process have it. The relay's hot
   * path (every `signal`) uses it to skip the promise machinery.
   */
  bothNow?(roomId: RoomId, a: PeerId, b: PeerId): readonly [boolean, boolean];
  /** In the order they joined. */
  members(roomId: RoomId): Promise<Peer[]>;
  /** Applies the changes and answers the whole updated peer, or undefined if it is not in the room. */
  update(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Promise<Peer | undefined>;
  /** The same, done at once; only stores in this process have it (the `peer:update` hot path). */
  updateNow?(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Peer | undefined;
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
  /** Extends the lease of each seat still in its room, and answers those that are not there. */
  renew(seats: Seat[]): Promise<Seat[]>;
  /**
   * Puts back a seat the store lost (Redis restarted without its data, or swept the seat while its
   * node was stalled), unless it is there or was ended; answers whether it did. Capacity is not
   * checked: these people were in the room first.
   */
  restore(seat: HeldSeat): Promise<boolean>;
  /**
   * Removes every seat whose lease ran out, and answers them: each exactly once, across nodes. A
   * swept seat is not ended: its node died, not its peer, which may still resume.
   */
  sweep(): Promise<Seat[]>;
  /**
   * Extends the lease of each knock still waiting, and answers those that are not (answered,
   * withdrawn or swept meanwhile): the node forgets them.
   */
  renewKnocks(knocks: HeldKnock[]): Promise<HeldKnock[]>;
  /** Removes every knock whose lease ran out, and answers them: each exactly once, across nodes. */
  sweepKnocks(): Promise<SweptKnock[]>;
}
