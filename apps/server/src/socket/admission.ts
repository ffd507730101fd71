import { isIP } from 'node:net';
import type { ErrorCode } from '@parley/protocol';
import type { Logger } from '../logger.js';
import type { AdmissionPolicy } from '../policy.js';
import { type Clock, Keyed, monotonic, TokenBucket } from '../rate-limit.js';
import type { ParleySocket } from './types.js';

/** Addresses whose counters are kept before idle (full) ones are forgotten. */
const KEEP_ADDRESSES = 1024;

/**
 * What one address may open and do: sockets at once, joins and TURN credentials per minute, and
 * a cap on this node's sockets overall. Refusals of a socket reach the client as a `connect_error`
 * whose message is the code and whose `data` is `{ code, message }`.
 */
export interface Admission {
  /** Socket.IO middleware (`io.use`): counts the socket in, or refuses it. */
  admit(socket: ParleySocket, next: (error?: Error) => void): void;
  /** Spends one of the address's joins; false: none left this minute. */
  allowJoin(address: string): boolean;
  /** Spends one of the address's TURN credentials; false: none left this minute. */
  allowTurn(address: string): boolean;
  /** Sockets admitted and still open. */
  readonly sockets: number;
}

export interface AdmissionDeps {
  policy: AdmissionPolicy;
  logger: Logger;
  /** Counts refusals by code (metrics). */
  refused: (code: ErrorCode) => void;
  now?: Clock;
}

export class RefusedError extends Error {
  readonly data: { code: ErrorCode; message: string };
  constructor(code: ErrorCode, message: string) {
    super(code);
    this.data = { code, message };
  }
}

export function createAdmission({ policy, logger, refused, now = monotonic }: AdmissionDeps): Admission {
  const open = new Map<string, number>();
  let total = 0;
  const perMinute = (n: number) => () => new TokenBucket({ burst: n, perSecond: n / 60 }, now);
  const joins = new Keyed<string, TokenBucket>(perMinute(policy.joinsPerMinutePerIp), KEEP_ADDRESSES);
  const turn = new Keyed<string, TokenBucket>(
    perMinute(policy.turnCredentialsPerMinutePerIp),
    KEEP_ADDRESSES,
  );

  const refuse = (socket: ParleySocket, next: (error?: Error) => void, error: RefusedError) => {
    refused(error.data.code);
    logger.warn({ address: socket.data.address, code: error.data.code }, 'connection refused');
    next(error);
    // The refusal goes out first (close waits for the write buffer): a client that ignores it
    // still loses the connection instead of holding it until Socket.IO's connect timeout.
    setImmediate(() => socket.conn.close());
  };

  return {
    admit(socket, next) {
      const address = clientAddress(socket, policy.trustProxy);
      socket.data.address = address;
      if (total >= policy.maxConnections) {
        return refuse(socket, next, new RefusedError('server_busy', 'This server is full; try again later.'));
      }
      const count = open.get(address) ?? 0;
      if (count >= policy.maxSocketsPerIp) {
        return refuse(
          socket,
          next,
          new RefusedError(
            'too_many_connections',
            `Too many connections from your address (at most ${policy.maxSocketsPerIp}); close some tabs and retry.`,
          ),
        );
      }
      open.set(address, count + 1);
      total++;
      socket.once('disconnect', () => {
        total--;
        const left = (open.get(address) ?? 1) - 1;
        if (left === 0) open.delete(address);
        else open.set(address, left);
      });
      next();
    },
    allowJoin: (address) => joins.get(address).take(),
    allowTurn: (address) => turn.get(address).take(),
    get sockets() {
      return total;
    },
  };
}

/**
 * The TCP peer, or, behind `trustProxy` reverse proxies, the address the outermost trusted one
 * saw: each proxy appends the address it was connected from to `X-Forwarded-For`, so the client is
 * the `trustProxy`-th entry from the right (whatever a client put further left is its own claim).
 */
export function clientAddress(socket: ParleySocket, trustProxy: number): string {
  const peer = socket.handshake.address;
  if (trustProxy === 0) return peer;
  const header = socket.handshake.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const candidate = entries[entries.length - trustProxy];
  return candidate !== undefined && isIP(candidate) !== 0 ? candidate : peer;
}
