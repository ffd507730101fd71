import type { Peer, PeerId, RoomId } from '@parley/protocol';
import type { JoinOutcome, PeerChanges, RoomStore } from './store.js';

/**
 * One process's rooms. Every method does its work synchronously before its promise resolves,
 * which is what makes the capacity check and the add atomic here.
 */
export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<RoomId, Map<PeerId, Peer>>();
  private peerCount = 0;

  async join(roomId: RoomId, peer: Peer, maxPeers: number): Promise<JoinOutcome> {
    const room = this.rooms.get(roomId) ?? new Map<PeerId, Peer>();
    if (room.size >= maxPeers) return { ok: false, reason: 'room_full' };
    const peers = [...room.values()].map(copy);
    room.set(peer.peerId, copy(peer));
    this.rooms.set(roomId, room);
    this.peerCount += 1;
    return { ok: true, peers };
  }

  async leave(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    const room = this.rooms.get(roomId);
    const peer = room?.get(peerId);
    if (!room || !peer) return undefined;
    room.delete(peerId);
    this.peerCount -= 1;
    if (room.size === 0) this.rooms.delete(roomId);
    return peer;
  }

  async lookup(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    const peer = this.rooms.get(roomId)?.get(peerId);
    return peer && copy(peer);
  }

  async members(roomId: RoomId): Promise<Peer[]> {
    return [...(this.rooms.get(roomId)?.values() ?? [])].map(copy);
  }

  async update(roomId: RoomId, peerId: PeerId, changes: PeerChanges): Promise<Peer | undefined> {
    const room = this.rooms.get(roomId);
    const peer = room?.get(peerId);
    if (!room || !peer) return undefined;
    const updated: Peer = {
      peerId,
      name: changes.name ?? peer.name,
      media: changes.media ? { ...changes.media } : peer.media,
    };
    room.set(peerId, updated);
    return copy(updated);
  }

  async stats(): Promise<{ rooms: number; peers: number }> {
    return { rooms: this.rooms.size, peers: this.peerCount };
  }
}

// Callers get their own objects, so nothing outside can change a stored peer.
function copy(peer: Peer): Peer {
  return { peerId: peer.peerId, name: peer.name, media: { ...peer.media } };
}
