import type { Logger } from '../logger.js';
import type { Counters } from '../metrics.js';
import type { RoomPolicy } from '../policy.js';
import { Budget, type Clock, type RateLimits, SampledCount } from '../rate-limit.js';
import type { RoomStore } from '../rooms/store.js';
import type { Sessions } from '../session.js';
import type { Admission } from './admission.js';
import { createDoor, type Door } from './door.js';
import { createEventHandlers } from './events.js';
import { createHosts, type Hosts } from './hosts.js';
import { createInbound } from './inbound.js';
import { createModerationHandlers } from './moderation.js';
import { createPresence, type Presence } from './presence.js';
import { createSerialQueue } from './serial.js';
import type { EventHandlers, ParleyServer, ParleySocket } from './types.js';

/** One `rate limited` line per socket per this interval, with the count of refusals in it. */
export const RATE_LIMIT_WARN_INTERVAL_MS = 10_000;

export interface ConnectionDeps {
  io: ParleyServer;
  store: RoomStore;
  logger: Logger;
  policy: RoomPolicy;
  admission: Admission;
  sessions: Sessions;
  rateLimits: RateLimits;
  /** Counts relayed signals and refusals (metrics). */
  count: Counters;
  /** Wall clock. */
  now: Clock;
  /** Waits before a wrong room password is answered (tests record it). */
  sleep: (ms: number) => Promise<void>;
}

/**
 * Wires every new socket: admission, its own budget and task queue, the inbound gate, and cleanup
 * on disconnect. Answers the presence, the hosts and the door, for the server's own housekeeping (leases,
 * shutdown).
 */
export function handleConnections(deps: ConnectionDeps): { presence: Presence; hosts: Hosts; door: Door } {
  const { io, logger, rateLimits, count } = deps;
  const hosts = createHosts({ ...deps, moderated: count.moderated });
  const presence = createPresence({ ...deps, graceMs: deps.policy.graceMs, afterLeave: hosts.afterLeave });
  const room = { ...deps, presence, hosts, moderated: count.moderated };
  const door = createDoor(room);
  const handlers: EventHandlers = {
    ...createEventHandlers({ ...room, door, relayed: count.relayed }),
    ...door.handlers,
    ...createModerationHandlers(room),
  };

  io.use((socket, next) => deps.admission.admit(socket, next));

  io.on('connection', (socket) => {
    logger.info({ sid: socket.id, address: socket.data.address }, 'connected');
    // The handshake (address, headers) is read; the HTTP request behind it is not needed again and
    // would otherwise stay in memory for the socket's whole life (Socket.IO's "Memory usage" advice).
    releaseRequest(socket);
    const run = createSerialQueue((error) =>
      logger.error({ err: error, sid: socket.id }, 'socket task failed'),
    );
    const limited = new SampledCount(RATE_LIMIT_WARN_INTERVAL_MS, (refused) =>
      logger.warn(
        { sid: socket.id, address: socket.data.address, refused, intervalMs: RATE_LIMIT_WARN_INTERVAL_MS },
        'rate limited',
      ),
    );

    // The size of each event as it arrived: Engine.IO hands the frame over just before Socket.IO
    // decodes it and calls the gate, synchronously, so this is the size of the event the gate sees.
    let lastPacketBytes = 0;
    socket.conn.on('packet', (packet: { type: string; data?: unknown }) => {
      if (packet.type !== 'message') return;
      const { data } = packet;
      lastPacketBytes = typeof data === 'string' ? data.length : data instanceof Buffer ? data.byteLength : 0;
    });

    socket.onAny(
      createInbound({
        socket,
        handlers,
        budget: new Budget(rateLimits.socket),
        lastPacketBytes: () => lastPacketBytes,
        limited,
        refused: count.refused,
        logger,
        run,
      }),
    );

    socket.on('disconnect', (reason) => {
      logger.info({ sid: socket.id, reason }, 'disconnected');
      limited.flush();
      run(async () => {
        await door.withdraw(socket);
        await presence.disconnected(socket, reason);
      });
    });
  });

  io.engine.on('connection_error', (error: { code?: unknown; message?: unknown }) => {
    logger.debug({ code: error.code, message: error.message }, 'connection refused');
  });
  return { presence, hosts, door };
}

function releaseRequest(socket: ParleySocket): void {
  (socket.conn as { request: unknown }).request = null;
}
