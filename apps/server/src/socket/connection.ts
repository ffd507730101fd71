import type { IceServer } from '@parley/protocol';
import type { Logger } from '../logger.js';
import { type RateLimit, TokenBucket } from '../rate-limit.js';
import type { RoomStore } from '../rooms/store.js';
import { createInbound } from './inbound.js';
import { createRoomHandlers, type RoomHandlers } from './room-handlers.js';
import { createSerialQueue } from './serial.js';
import type { Sessions } from '../session.js';
import type { TurnConfig } from '../turn.js';
import type { ParleyServer } from './types.js';

export interface ConnectionDeps {
  io: ParleyServer;
  store: RoomStore;
  logger: Logger;
  maxPeers: number;
  iceServers: IceServer[];
  rateLimit: RateLimit;
  turn: TurnConfig | undefined;
  iceTransportPolicy: 'all' | 'relay';
  sessions: Sessions;
  graceMs: number;
  uplinkBudgetBps: number | undefined;
}

/**
 * Wires every new socket: its own rate limit and task queue, the inbound gate, and cleanup on
 * disconnect. Answers the room handlers, for the server's own housekeeping (leases, shutdown).
 */
export function handleConnections(deps: ConnectionDeps): RoomHandlers {
  const { io, logger, rateLimit } = deps;
  const handlers = createRoomHandlers(deps);

  io.on('connection', (socket) => {
    logger.info({ sid: socket.id, address: socket.handshake.address }, 'connected');
    const run = createSerialQueue((error) =>
      logger.error({ err: error, sid: socket.id }, 'socket task failed'),
    );
    const bucket = new TokenBucket(rateLimit);

    socket.onAny(createInbound({ socket, handlers, bucket, logger, run }));

    // Queued like any event, so what the socket sends next waits until its peer is claimed again.
    if (socket.recovered) run(() => handlers.recovered(socket));

    socket.on('disconnect', (reason) => {
      logger.info({ sid: socket.id, reason }, 'disconnected');
      run(() => handlers.disconnected(socket, reason));
    });
  });

  io.engine.on('connection_error', (error: { code?: unknown; message?: unknown }) => {
    logger.debug({ code: error.code, message: error.message }, 'connection refused');
  });
  return handlers;
}
