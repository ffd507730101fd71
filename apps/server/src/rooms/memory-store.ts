import type { Peer, PeerId, RoomId } from '@parley/protocol';
import type { Clock } from '../rate-limit.js';
import type { Claim, Holder, JoinOutcome, PeerChanges, RoomStore } from './store.js';

interface Place {
  peer: Peer;
  owner: string;
  nonce: string;
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
  /** Nonce → when it may be forgotten. Insertion order is expiry order (one TTL for all). */
  private readonly endedSeats = new Map<string, number>();
  private readonly endedTtlMs: number;
  private readonly now: Clock;
  private peerCount = 0;

  constructor(options: MemoryRoomStoreOptions) {
    this.endedTtlMs = options.endedTtlMs;
    this.now = options.now ?? Date.now;
  }

  async join(roomId: RoomId, peer: Peer, maxPeers: number, holder?: Holder): Promise<JoinOutcome> {
    const room = this.rooms.get(roomId) ?? new Map<PeerId, Place>();
    const present = room.has(peer.peerId);
    if (!present && room.size >= maxPeers) return { ok: false, reason: 'room_full' };
    const peers = [...room.values()].filter((p) => p.peer.peerId !== peer.peerId).map((p) => copy(p.peer));
    room.set(peer.peerId, { peer: copy(peer), owner: holder?.owner ?? '', nonce: holder?.nonce ?? '' });
    this.rooms.set(roomId, room);
    if (!present) this.peerCount += 1;
    return { ok: true, peers };
  }

  async leave(roomId: RoomId, peerId: PeerId, ownerId?: string): Promise<Peer | undefined> {
    const room = this.rooms.get(roomId);
    const place = room?.get(peerId);
    if (!room || !place) return undefined;
    if (ownerId !== undefined && place.owner !== ownerId) return undefined;
    room.delete(peerId);
    this.peerCount -= 1;
    if (room.size === 0) this.rooms.delete(roomId);
    if (place.nonce) this.end(place.nonce);
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
    return this.updateNow(roomId, peerId, changes);
  }

  updateNow(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Peer | undefined {
    const place = this.rooms.get(roomId)?.get(peerId);
    if (!place) return undefined;
    place.peer = {
      peerId,
      name: changes.name ?? place.peer.name,
      media: changes.media ? { ...changes.media } : place.peer.media,
      host: place.peer.host,
    };
    return copy(place.peer);
  }

  async stats(): Promise<{ rooms: number; peers: number }> {
    return { rooms: this.rooms.size, peers: this.peerCount };
  }

  private end(nonce: string): void {
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

// Callers get their own objects, so nothing outside can change a stored peer.
function copy(peer: Peer): Peer {
  return { peerId: peer.peerId, name: peer.name, media: { ...peer.media }, host: peer.host };
}
