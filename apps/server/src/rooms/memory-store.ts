import type { Peer, PeerId, RoomId } from '@parley/protocol';
import type { Claim, JoinOutcome, PeerChanges, RoomStore } from './store.js';

interface Place {
  peer: Peer;
  owner: string | undefined;
}

/**
 * One process's rooms. Every method does its work synchronously before its promise resolves,
 * which is what makes the capacity check and the add (and an owner check and a removal) atomic here.
 */
export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<RoomId, Map<PeerId, Place>>();
  private peerCount = 0;

  async join(roomId: RoomId, peer: Peer, maxPeers: number, ownerId?: string): Promise<JoinOutcome> {
    const room = this.rooms.get(roomId) ?? new Map<PeerId, Place>();
    const present = room.has(peer.peerId);
    if (!present && room.size >= maxPeers) return { ok: false, reason: 'room_full' };
    const peers = [...room.values()].filter((p) => p.peer.peerId !== peer.peerId).map((p) => copy(p.peer));
    room.set(peer.peerId, { peer: copy(peer), owner: ownerId });
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
    return place.peer;
  }

  async claim(roomId: RoomId, peerId: PeerId, ownerId: string): Promise<Claim | undefined> {
    const place = this.rooms.get(roomId)?.get(peerId);
    if (!place) return undefined;
    const previous = place.owner;
    place.owner = ownerId;
    return { previous };
  }

  async owner(roomId: RoomId, peerId: PeerId): Promise<string | undefined> {
    return this.rooms.get(roomId)?.get(peerId)?.owner;
  }

  async lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    const place = this.rooms.get(roomId)?.get(peerId);
    return place && copy(place.peer);
  }

  async members(roomId: RoomId): Promise<Peer[]> {
    return [...(this.rooms.get(roomId)?.values() ?? [])].map((p) => copy(p.peer));
  }

  async update(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Promise<Peer | undefined> {
    const place = this.rooms.get(roomId)?.get(peerId);
    if (!place) return undefined;
    place.peer = {
      peerId,
      name: changes.name ?? place.peer.name,
      media: changes.media ? { ...changes.media } : place.peer.media,
    };
    return copy(place.peer);
  }

  async stats(): Promise<{ rooms: number; peers: number }> {
    return { rooms: this.rooms.size, peers: this.peerCount };
  }
}

// Callers get their own objects, so nothing outside can change a stored peer.
function copy(peer: Peer): Peer {
  return { peerId: peer.peerId, name: peer.name, media: { ...peer.media } };
}
