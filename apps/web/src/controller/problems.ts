import type { ErrorCode } from '@parley/protocol';
import type { CallProblem, Notice } from '../store/types';

/** Turns a server error code into what the person reads, and what they can do about it. */
export function problemFromCode(code: ErrorCode, maxPeers?: number | null): Notice<CallProblem> {
  switch (code) {
    case 'room_full':
      return {
        reason: 'room-full',
        message: `This room is full${maxPeers ? ` (${maxPeers} people)` : ''}. Try again when someone leaves, or start a new room.`,
      };
    case 'rate_limited':
      return { reason: 'rejected', message: 'Too many requests at once. Wait a moment and try again.' };
    case 'room_locked':
      return { reason: 'rejected', message: 'This room is locked. Ask a host to let you in.' };
    case 'invalid_payload':
      return {
        reason: 'rejected',
        message: 'The server did not accept that. Check your name and try again.',
      };
    default:
      return {
        reason: 'rejected',
        message: 'The server could not let you in right now. Try again in a moment.',
      };
  }
}

export const SERVER_UNREACHABLE: Notice<CallProblem> = {
  reason: 'server-unreachable',
  message: "Can't reach the Parley server. Check your connection and try again.",
};

export const RELAY_REFUSED: Notice<CallProblem> = {
  reason: 'relay-refused',
  message:
    'The relay (TURN) server refused our credentials, so people behind strict networks may not connect. ' +
    'Reload the page to get fresh ones; if that does not help, the server and relay secrets do not match.',
};
