import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PeerId, RoomId } from '@parley/protocol';
import type { Clock } from './rate-limit.js';

/**
 * Long enough for a working day's call and the odd reconnection in it; a token read off a screen
 * or a log is useless after that. Every join and resume answers a fresh token, so the age counts
 * from the last time the client came (back) in.
 */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/**
 * Session tokens let a client that lost its socket come back as the same peer. A token is
 * `<issued at>.<seat nonce>.<HMAC of room, peer, issued-at and nonce>`: any node holding the secret
 * checks it without shared state, and a server restarted with the same SESSION_SECRET still
 * recognises the peers of its previous life. The nonce names the seat (the store keeps it, and
 * remembers seats that ended), so a token is void once its peer has left.
 */
export interface Sessions {
  mint(roomId: RoomId, peerId: PeerId, nonce: string): string;
  /** The seat nonce a genuine, unexpired token carries; undefined for anything else. */
  verify(roomId: RoomId, peerId: PeerId, token: string): string | undefined;
  /**
   * An admission ticket for a knock a host admitted: `<expires at>.<knock id>.<HMAC>`, for this
   * room only, good for `TICKET_TTL_MS`. The store also remembers the admission, for one join.
   */
  ticket(roomId: RoomId, knockId: string): string;
  /** The knock id a genuine, unexpired ticket for this room carries; undefined for anything else. */
  admitted(roomId: RoomId, ticket: string): string | undefined;
}

/** How long an admitted knocker has to join: its client joins at once. */
export const TICKET_TTL_MS = 60_000;

export function mintNonce(): string {
  return randomBytes(12).toString('base64url');
}

export function createSessions(
  secret: string = randomBytes(32).toString('base64url'),
  { maxAgeMs = SESSION_MAX_AGE_MS, now = Date.now }: { maxAgeMs?: number; now?: Clock } = {},
): Sessions {
  const sign = (roomId: RoomId, peerId: PeerId, issuedAt: string, nonce: string) =>
    createHmac('sha256', secret).update(`${roomId}\n${peerId}\n${issuedAt}\n${nonce}`).digest('base64url');
  // Its own prefix: a ticket can never pass for a session token, nor the other way round.
  const signTicket = (roomId: RoomId, expiresAt: string, knockId: string) =>
    createHmac('sha256', secret).update(`ticket\n${roomId}\n${expiresAt}\n${knockId}`).digest('base64url');
  return {
    mint(roomId, peerId, nonce) {
      const issuedAt = Math.floor(now() / 1000).toString(36);
      return `${issuedAt}.${nonce}.${sign(roomId, peerId, issuedAt, nonce)}`;
    },
    verify(roomId, peerId, token) {
      const [issuedAt, nonce, mac, ...rest] = token.split('.');
      if (!issuedAt || !nonce || !mac || rest.length > 0) return undefined;
      const expected = Buffer.from(sign(roomId, peerId, issuedAt, nonce));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const age = now() - Number.parseInt(issuedAt, 36) * 1000;
      // A token from the future is as good as new: clocks of several nodes differ a little.
      return age <= maxAgeMs ? nonce : undefined;
    },
    ticket(roomId, knockId) {
      const expiresAt = Math.ceil((now() + TICKET_TTL_MS) / 1000).toString(36);
      return `${expiresAt}.${knockId}.${signTicket(roomId, expiresAt, knockId)}`;
    },
    admitted(roomId, ticket) {
      const [expiresAt, knockId, mac, ...rest] = ticket.split('.');
      if (!expiresAt || !knockId || !mac || rest.length > 0) return undefined;
      if (!equal(mac, signTicket(roomId, expiresAt, knockId))) return undefined;
      return Number.parseInt(expiresAt, 36) * 1000 >= now() ? knockId : undefined;
    },
  };
}

function equal(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
