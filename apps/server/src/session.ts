import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PeerId, RoomId } from '@parley/protocol';

/**
 * Session tokens let a client that lost its socket come back as the same peer. A token is an HMAC
 * of room and peer id, so any node holding the secret can check it without shared state, and a
 * server restarted with the same SESSION_SECRET still recognises the peers of its previous life.
 */
export interface Sessions {
  mint(roomId: RoomId, peerId: PeerId): string;
  verify(roomId: RoomId, peerId: PeerId, token: string): boolean;
}

export function createSessions(secret: string = randomBytes(32).toString('base64url')): Sessions {
  const sign = (roomId: RoomId, peerId: PeerId) =>
    createHmac('sha256', secret).update(`${roomId}\n${peerId}`).digest('base64url');
  return {
    mint: sign,
    verify(roomId, peerId, token) {
      const expected = Buffer.from(sign(roomId, peerId));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
