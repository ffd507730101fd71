import { createHmac } from 'node:crypto';
import type { IceServer } from '@parley/protocol';

export interface TurnConfig {
  urls: string[];
  /** Shared with coturn (`--use-auth-secret --static-auth-secret`); never sent to a browser. */
  secret: string;
  ttlSeconds: number;
}

/**
 * TURN REST API credentials (the scheme coturn implements): the username is `<unix expiry>:<peer id>`
 * and the password is base64(HMAC-SHA1(secret, username)). coturn recomputes the HMAC and refuses
 * the pair once the expiry has passed.
 */
export function mintTurnCredentials(
  turn: TurnConfig,
  peerId: string,
  nowMs = Date.now(),
): { iceServer: IceServer; expiresAt: number } {
  const expiry = Math.floor(nowMs / 1000) + turn.ttlSeconds;
  const username = `${expiry}:${peerId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return { iceServer: { urls: turn.urls, username, credential }, expiresAt: expiry * 1000 };
}
