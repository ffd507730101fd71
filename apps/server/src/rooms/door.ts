import type { Peer, PeerId, RoomId, RoomState } from '@parley/protocol';

// The room's door and its hosts, as the room store keeps them (with the room: in memory, or in
// Redis where every change is one Lua script). The rules, which both stores follow:
//
// - The first to join an empty room is its host; a room that empties forgets its door (lock,
//   password, removed device keys, waiting knocks), so the next one to come starts a new room.
// - A join of a locked room, or with a device key removed from the room, is refused (`locked`)
//   unless it carries the id of a knock a host admitted. A join that carries one stands on it,
//   whatever the door (its node skipped the password for it): it is let in only while that
//   admission is unused and unexpired, and uses it up (one join per admission).
// - When no host is left, the participant present longest becomes one (`handover`).

/** Someone waiting at the door, and the socket to answer. */
export interface KnockRecord {
  knockId: string;
  name: string;
  /** The knocker's socket id (any node reaches it through the adapter). */
  sid: string;
}

/** A knock as its knocker's node holds it (to renew its lease, see `Liveness`). */
export interface HeldKnock {
  roomId: RoomId;
  knockId: string;
}

/** A knock whose lease ran out: its knocker's node died. */
export interface SweptKnock {
  roomId: RoomId;
  knock: KnockRecord;
}

/** The door as a joiner's node needs it before joining: whether a password is asked for. */
export interface DoorView {
  locked: boolean;
  /** The salted scrypt hash of the password (see password.ts); undefined: none. */
  passwordHash: string | undefined;
}

/** How a join passes the door. */
export interface Entry {
  /** The knock a host admitted (from a verified ticket): lets one join through the door, and only one. */
  admittedKnock?: string;
  /** A seat coming back (a verified session whose seat the store lost): the door does not ask. */
  returning?: boolean;
}

export type KnockOutcome = 'ok' | 'empty' | 'full';

/** After someone left: the peer that became host, or the knocks of a room left empty (now gone). */
export interface Succession {
  promoted: Peer | undefined;
  /** The knocks still waiting when the room emptied: to be told they were not let in. */
  closed: KnockRecord[];
}

/** A seat a host removed: the peer, and the connection that spoke for it. */
export interface Removal {
  peer: Peer;
  owner: string;
}

/** A room a host ended: everyone who was in it, and the knocks that were waiting. */
export interface Ending {
  peers: Peer[];
  knocks: KnockRecord[];
}

/** The door operations of a room store; each is one atomic step. */
export interface DoorStore {
  door(roomId: RoomId): Promise<DoorView>;
  /** Locks or unlocks; undefined when the room is empty (there is no door to lock). */
  setLocked(roomId: RoomId, locked: boolean): Promise<RoomState | undefined>;
  /** Sets (a hash) or clears (undefined) the password; undefined when the room is empty. */
  setPassword(roomId: RoomId, passwordHash: string | undefined): Promise<RoomState | undefined>;
  /** Adds a knock unless the room is empty or already has `cap` waiting. */
  knock(roomId: RoomId, knock: KnockRecord, cap: number): Promise<KnockOutcome>;
  /** The waiting knocks, oldest first. */
  knocks(roomId: RoomId): Promise<KnockRecord[]>;
  /** Removes a knock if it is still waiting and is that socket's; answers it. */
  withdraw(roomId: RoomId, knockId: string, sid: string): Promise<KnockRecord | undefined>;
  /**
   * A host's answer to some knocks (`'all'`: every waiting one): each leaves the queue, and an
   * admitted one may let one join in for `ticketTtlMs`. Answers the knocks that were still waiting.
   */
  answer(
    roomId: RoomId,
    knockIds: string[] | 'all',
    admit: boolean,
    ticketTtlMs: number,
  ): Promise<KnockRecord[]>;
  /** Makes a participant a host; answers it (undefined when not in the room). */
  promote(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined>;
  /** After a leave: gives a room without a host one, or forgets the door of a room left empty. */
  handover(roomId: RoomId): Promise<Succession>;
  /**
   * Removes the peer like `leave` (its seat ends) and bars its device key from the room for the
   * room's life: that device must knock.
   */
  remove(roomId: RoomId, peerId: PeerId): Promise<Removal | undefined>;
  /** Ends the room: every seat ends, the door and the knocks are forgotten. */
  end(roomId: RoomId): Promise<Ending>;
}
