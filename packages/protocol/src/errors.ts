/**
 * Every error code that can leave the server: in an ack, or (`too_many_connections`, `server_busy`)
 * as the `data.code` of a refused connection's `connect_error`. The UI maps each to words a person
 * understands; anything else that goes wrong inside the server is reported as `internal_error`.
 */
export const ERROR_CODES = [
  'invalid_payload',
  'room_full',
  'not_in_room',
  'already_in_room',
  'peer_not_found',
  'rate_limited',
  'wrong_password',
  /** The room is locked (or you were removed from it): knock to ask a host to let you in. */
  'room_locked',
  /** A moderation event from someone who is not a host. */
  'forbidden',
  'invalid_session',
  'too_many_connections',
  'server_busy',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: WireError };

export const ok = <T>(data: T): AckResult<T> => ({ ok: true, data });

export const fail = (code: ErrorCode, message: string): AckResult<never> => ({
  ok: false,
  error: { code, message },
});

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
