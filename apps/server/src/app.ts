import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type IceServer, LIMITS } from '@parley/protocol';
import { Server, type ServerOptions } from 'socket.io';
import { DEFAULT_GRACE_MS } from './config.js';
import { createHttpHandler } from './http.js';
import type { Logger } from './logger.js';
import type { RateLimit } from './rate-limit.js';
import { createSessions } from './session.js';
import type { TurnConfig } from './turn.js';
import { MemoryRoomStore } from './rooms/memory-store.js';
import type { RoomStore } from './rooms/store.js';
import { handleConnections } from './socket/connection.js';
import { startLiveness } from './socket/liveness.js';
import type { ParleyServer } from './socket/types.js';

export interface AppDeps {
  logger: Logger;
  /** Defaults to one process's memory; a shared store lets several nodes enforce one capacity. */
  store?: RoomStore;
  /**
   * Socket.IO's adapter; defaults to one process's memory. With several nodes, one that reaches
   * them all (the Redis streams adapter, see main.ts) and a shared store go together.
   */
  adapter?: ServerOptions['adapter'];
}

export interface AppOptions {
  /** The built web app; undefined or missing means `/` answers 503 with a hint. */
  webDist?: string;
  maxPeers?: number;
  iceServers?: IceServer[];
  /** Origins besides the server's own that may open a socket; empty means any origin may. */
  corsOrigins?: string[];
  rateLimit?: RateLimit;
  /** Mints TURN credentials per join when set. */
  turn?: TurnConfig;
  iceTransportPolicy?: 'all' | 'relay';
  /** Signs session tokens; keep it across restarts (and share it between nodes) so sessions survive. */
  sessionSecret?: string;
  /** How long a dropped peer keeps its place before `peer:left`; also Socket.IO's recovery window. */
  graceMs?: number;
  /** Sent to clients on join: each participant's total video uplink (bits/s). */
  uplinkBudgetBps?: number;
}

export interface App {
  httpServer: HttpServer;
  io: ParleyServer;
  store: RoomStore;
  listen(port: number, host?: string): Promise<{ port: number }>;
  /** Disconnects every socket and stops the HTTP server. */
  close(): Promise<void>;
}

/**
 * Generous enough for a full mesh's negotiation (an offer or answer plus a few dozen candidates per
 * remote peer within a second or two), far below what a misbehaving client can push.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 200, perSecond: 50 };

export function createApp(deps: AppDeps, options: AppOptions = {}): App {
  const { logger } = deps;
  const store: RoomStore = deps.store ?? new MemoryRoomStore();
  const maxPeers = options.maxPeers ?? LIMITS.DEFAULT_MAX_PEERS;
  const corsOrigins = options.corsOrigins ?? [];
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const startedAt = Date.now();

  const health = async () => ({
    status: 'ok',
    ...(await store.stats()),
    uptime: Math.round((Date.now() - startedAt) / 1000),
  });
  const httpServer = createServer(createHttpHandler({ webDist: options.webDist, health, logger }));

  const io: ParleyServer = new Server(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: LIMITS.MESSAGE_MAX_BYTES,
    serveClient: false,
    ...(deps.adapter && { adapter: deps.adapter }),
    // A socket back within the grace period gets its rooms, data and missed events back as they were.
    connectionStateRecovery: { maxDisconnectionDuration: graceMs, skipMiddlewares: true },
    ...(corsOrigins.length > 0 && {
      cors: { origin: corsOrigins },
      allowRequest: (req, callback) => callback(null, isAllowedOrigin(req, corsOrigins)),
    }),
  });

  const handlers = handleConnections({
    io,
    store,
    logger,
    maxPeers,
    iceServers: options.iceServers ?? [],
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    turn: options.turn,
    iceTransportPolicy: options.iceTransportPolicy ?? 'all',
    sessions: createSessions(options.sessionSecret),
    graceMs,
    uplinkBudgetBps: options.uplinkBudgetBps,
  });
  const stopLiveness = store.liveness
    ? startLiveness({ io, liveness: store.liveness, held: handlers.held, logger })
    : () => {};

  return {
    httpServer,
    io,
    store,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve({ port: (httpServer.address() as AddressInfo).port });
        });
      }),
    close: async () => {
      // The store may be shared and outlive this node: what it holds is left to the others.
      stopLiveness();
      handlers.stop();
      const closing = io.close();
      // A file response still streaming when close() starts leaves its keep-alive connection open
      // once it finishes; sweep idle connections until the server is really closed.
      const sweep = setInterval(() => httpServer.closeIdleConnections(), 25);
      try {
        await closing;
      } finally {
        clearInterval(sweep);
      }
    },
  };
}

/**
 * Browsers do not apply CORS to WebSockets, so with an allow-list the Origin header is checked
 * here: the page's own origin (same host) and the listed ones pass; non-browser clients send none.
 */
function isAllowedOrigin(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
