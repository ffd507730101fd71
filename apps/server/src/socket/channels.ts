import type { PeerId, RoomId } from '@parley/protocol';

// Socket.IO room names. The prefixes keep a room id, a peer id and Socket.IO's own
// per-socket rooms (named by socket id) from ever colliding.

/** Every member of a Parley room. */
export const roomChannel = (roomId: RoomId): string => `room:${roomId}`;

/** The one socket behind a peer id; signals are delivered here. */
export const peerChannel = (peerId: PeerId): string => `peer:${peerId}`;

/** The hosts of a Parley room: knocks are announced here. */
export const hostChannel = (roomId: RoomId): string => `hosts:${roomId}`;
