/** Hard limits of the wire protocol. Both ends read them from here. */
export const LIMITS = {
  /** Display names are trimmed, then 1..NAME_MAX characters. */
  NAME_MAX: 64,
  /**
   * An SDP blob larger than this is refused. Parley's largest offer (audio, camera, screen and the
   * data channel, every codec Chromium lists) is about 6 KB, a 4-person call's ~4-6 KB: 32 KB leaves
   * room for browsers that list more codecs or extensions, while what one socket can make the server
   * relay stays small (the server's byte budgets count in these units too).
   */
  SDP_MAX: 32 * 1024,
  /** An ICE candidate line larger than this is refused (real ones are ~100-250 characters). */
  CANDIDATE_MAX: 1024,
  /** Peer ids are server-minted; anything longer is not one of ours. */
  PEER_ID_MAX: 64,
  /** Session tokens are server-minted (an HMAC in base64url); anything longer is not one. */
  SESSION_TOKEN_MAX: 256,
  /**
   * Socket.IO packets above this size close the offending connection (engine.io maxHttpBufferSize):
   * the largest valid message, a maximal SDP in its JSON envelope, with room to spare.
   */
  MESSAGE_MAX_BYTES: 48 * 1024,
  /** Default room capacity; the server's MAX_PEERS overrides it. */
  DEFAULT_MAX_PEERS: 8,
  /** Upper bound for MAX_PEERS: a full mesh beyond this is not a call anybody can hold. */
  MAX_PEERS_CEILING: 50,
} as const;

export const ROOM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;
