import type { Peer, PeerId, RoomId, RoomState } from '@parley/protocol';
import type { Clock } from '../rate-limit.js';
import type { DoorView, Ending, Entry, KnockOutcome, KnockRecord, Removal, Succession } from './door.js';
import type { Claim, Holder, JoinOutcome, PeerChanges, RoomStore } from './store.js';

interface Place {
  peer: Peer;
  owner: string;
  nonce: string;
  deviceKey: string | undefined;
}

/** A room's door (see door.ts); forgotten with the room when it empties. */
interface Door {
  locked: boolean;
  passwordHash: string | undefined;
  /** Device keys of removed participants: they must knock. */
  removed: Set<string>;
  /** Waiting knocks, in the order they came (a Map keeps insertion order). */
  knocks: Map<string, KnockRecord>;
  /** Admitted knocks → until when their ticket lets one join in. */
  admitted: Map<string, number>;
}

export interface MemoryRoomStoreOptions {
  /** How long an ended seat is remembered: the lifetime of a session token. */
  endedTtlMs: number;
  now?: Clock;
}

/**
 * One process's rooms. Every method does its work synchronously before its promise resolves,
 * which is what makes the capacity check and the add (and an owner check and a removal) atomic here.
 */
export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<RoomId, Map<PeerId, Place>>();
  private readonly doors = new Map<RoomId, Door>();
  /** Nonce → when it may be forgotten. Insertion order is expiry order (one TTL for all). */
  private readonly endedSeats = new Map<string, number>();
  private readonly endedTtlMs: number;
  private readonly now: Clock;
  private peerCount = 0;

  constructor(options: MemoryRoomStoreOptions) {
    this.endedTtlMs = options.endedTtlMs;
    this.now = options.now ?? Date.now;
  }

  async join(
    roomId: RoomId,
    peer: Peer,
    maxPeers: number,
    holder?: Holder,
    entry: Entry = {},
  ): Promise<JoinOutcome> {
    const room = this.rooms.get(roomId) ?? new Map<PeerId, Place>();
    // An empty room is a new room: whatever door it had went with its last participant.
    if (room.size === 0) this.doors.delete(roomId);
    const door = this.doorOf(roomId);
    const existing = room.get(peer.peerId);
    if (!existing && room.size > 0 && !entry.returning) {
      const barred = holder?.deviceKey !== undefined && door.removed.has(holder.deviceKey);
      // Standing on an admission: it must still be there (unused, unexpired), whatever the door.
      const refused =
        entry.admittedKnock !== undefined ? !this.admitted(door, entry.admittedKnock) : door.locked || barred;
      if (refused) return { ok: false, reason: 'room_locked' };
    }
    if (!existing && room.size >= maxPeers) return { ok: false, reason: 'room_full' };
    if (!existing && entry.admittedKnock !== undefined) door.admitted.delete(entry.admittedKnock);
    const others = [...room.values()].filter((p) => p.peer.peerId !== peer.peerId);
    const host = existing?.peer.host || !others.some((p) => p.peer.host);
    room.set(peer.peerId, {
      peer: copy({ ...peer, host }),
      owner: holder?.owner ?? '',
      nonce: holder?.nonce ?? '',
      deviceKey: holder?.deviceKey,
    });
    this.rooms.set(roomId, room);
    if (!existing) this.peerCount += 1;
    return { ok: true, peers: others.map((p) => copy(p.peer)), host, room: stateOf(door) };
  }

  async leave(roomId: RoomId, peerId: PeerId, ownerId?: string): Promise<Peer | undefined> {
    const room = this.rooms.get(roomId);
    const place = room?.get(peerId);
    if (!room || !place) return undefined;
    if (ownerId !== undefined && place.owner !== ownerId) return undefined;
    room.delete(peerId);
    this.peerCount -= 1;
    if (room.size === 0) this.rooms.delete(roomId);
    if (place.nonce) this.endSeat(place.nonce);
    return place.peer;
  }

  async claim(roomId: RoomId, peerId: PeerId, holder: Holder): Promise<Claim> {
    const place = this.rooms.get(roomId)?.get(peerId);
    if (!place) return { ok: false, reason: 'absent' };
    if (place.nonce !== holder.nonce) return { ok: false, reason: 'other_seat' };
    const previous = place.owner || undefined;
    place.owner = holder.owner;
    return { ok: true, previous };
  }

  async ended(nonce: string): Promise<boolean> {
    this.forgetExpired();
    return this.endedSeats.has(nonce);
  }

  async owner(roomId: RoomId, peerId: PeerId): Promise<string | undefined> {
    return this.rooms.get(roomId)?.get(peerId)?.owner || undefined;
  }

  async lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    const place = this.rooms.get(roomId)?.get(peerId);
    return place && copy(place.peer);
  }

  async both(roomId: RoomId, a: PeerId, b: PeerId): Promise<readonly [boolean, boolean]> {
    return this.bothNow(roomId, a, b);
  }

  bothNow(roomId: RoomId, a: PeerId, b: PeerId): readonly [boolean, boolean] {
    const room = this.rooms.get(roomId);
    return room ? [room.has(a), room.has(b)] : NEITHER;
  }

  async members(roomId: RoomId): Promise<Peer[]> {
    return [...(this.rooms.get(roomId)?.values() ?? [])].map((p) => copy(p.peer));
  }

  async update(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Promise<Peer | undefined> {
    const place = this.rooms.get(roomId)?.get(peerId);
    if (!place) return undefined;
    const { handRaisedAt, ...rest } = place.peer;
    const hand = changes.handRaisedAt === undefined ? handRaisedAt : (changes.handRaisedAt ?? undefined);
    place.peer = {
      ...rest,
      name: changes.name ?? rest.name,
      media: { ...rest.media, ...changes.media },
      host: changes.host ?? rest.host,
      ...(hand !== undefined && { handRaisedAt: hand }),
    };
    return copy(place.peer);
  }

  async stats(): Promise<{ rooms: number; peers: number }> {
    return { rooms: this.rooms.size, peers: this.peerCount };
  }

  // ---- the door (door.ts) ----

  async door(roomId: RoomId): Promise<DoorView> {
    const door = this.rooms.has(roomId) ? this.doors.get(roomId) : undefined;
    return { locked: door?.locked ?? false, passwordHash: door?.passwordHash };
  }

  async setLocked(roomId: RoomId, locked: boolean): Promise<RoomState | undefined> {
    if (!this.rooms.has(roomId)) return undefined;
    const door = this.doorOf(roomId);
    door.locked = locked;
    return stateOf(door);
  }

  async setPassword(roomId: RoomId, passwordHash: string | undefined): Promise<RoomState | undefined> {
    if (!this.rooms.has(roomId)) return undefined;
    const door = this.doorOf(roomId);
    door.passwordHash = passwordHash;
    return stateOf(door);
  }

  async knock(roomId: RoomId, knock: KnockRecord, cap: number): Promise<KnockOutcome> {
    if (!this.rooms.has(roomId)) return 'empty';
    const door = this.doorOf(roomId);
    if (door.knocks.size >= cap) return 'full';
    door.knocks.set(knock.knockId, { ...knock });
    return 'ok';
  }

  async knocks(roomId: RoomId): Promise<KnockRecord[]> {
    return [...(this.doors.get(roomId)?.knocks.values() ?? [])].map((k) => ({ ...k }));
  }

  async withdraw(roomId: RoomId, knockId: string, sid: string): Promise<KnockRecord | undefined> {
    const knocks = this.doors.get(roomId)?.knocks;
    const knock = knocks?.get(knockId);
    if (!knock || knock.sid !== sid) return undefined;
    knocks?.delete(knockId);
    return knock;
  }

  async answer(
    roomId: RoomId,
    knockIds: string[] | 'all',
    admit: boolean,
    ticketTtlMs: number,
  ): Promise<KnockRecord[]> {
    const door = this.doors.get(roomId);
    if (!door) return [];
    const answered: KnockRecord[] = [];
    for (const knockId of knockIds === 'all' ? [...door.knocks.keys()] : knockIds) {
      const knock = door.knocks.get(knockId);
      if (!knock) continue;
      door.knocks.delete(knockId);
      if (admit) door.admitted.set(knockId, this.now() + ticketTtlMs);
      answered.push(knock);
    }
    return answered;
  }

  async promote(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    return this.update(roomId, peerId, { host: true });
  }

  async handover(roomId: RoomId): Promise<Succession> {
    const room = this.rooms.get(roomId);
    if (!room || room.size === 0) {
      const closed = [...(this.doors.get(roomId)?.knocks.values() ?? [])];
      this.doors.delete(roomId);
      return { promoted: undefined, closed };
    }
    const places = [...room.values()];
    // A Map keeps insertion order: the first place is the one present longest.
    const first = places[0];
    if (!first || places.some((p) => p.peer.host)) return { promoted: undefined, closed: [] };
    first.peer = { ...first.peer, host: true };
    return { promoted: copy(first.peer), closed: [] };
  }

  async remove(roomId: RoomId, peerId: PeerId): Promise<Removal | undefined> {
    const place = this.rooms.get(roomId)?.get(peerId);
    if (!place) return undefined;
    if (place.deviceKey !== undefined) this.doorOf(roomId).removed.add(place.deviceKey);
    await this.leave(roomId, peerId);
    return { peer: copy(place.peer), owner: place.owner };
  }

  async end(roomId: RoomId): Promise<Ending> {
    const places = [...(this.rooms.get(roomId)?.values() ?? [])];
    for (const place of places) await this.leave(roomId, place.peer.peerId);
    const knocks = [...(this.doors.get(roomId)?.knocks.values() ?? [])];
    this.doors.delete(roomId);
    return { peers: places.map((p) => copy(p.peer)), knocks };
  }

  private doorOf(roomId: RoomId): Door {
    let door = this.doors.get(roomId);
    if (!door) {
      door = {
        locked: false,
        passwordHash: undefined,
        removed: new Set(),
        knocks: new Map(),
        admitted: new Map(),
      };
      this.doors.set(roomId, door);
    }
    return door;
  }

  private admitted(door: Door, knockId: string): boolean {
    const until = door.admitted.get(knockId);
    return until !== undefined && until > this.now();
  }

  private endSeat(nonce: string): void {
    this.forgetExpired();
    this.endedSeats.set(nonce, this.now() + this.endedTtlMs);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [nonce, expiresAt] of this.endedSeats) {
      if (expiresAt > now) break;
      this.endedSeats.delete(nonce);
    }
  }
}

const NEITHER = [false, false] as const;

function stateOf(door: Door): RoomState {
  return { locked: door.locked, hasPassword: door.passwordHash !== undefined };
}

// Callers get their own objects, so nothing outside can change a stored peer.
function copy(peer: Peer): Peer {
  return {
    peerId: peer.peerId,
    name: peer.name,
    media: { ...peer.media },
    host: peer.host,
    ...(peer.handRaisedAt !== undefined && { handRaisedAt: peer.handRaisedAt }),
  };
}
