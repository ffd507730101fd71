import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS } from '@parley/protocol';
import { Server, type ServerOptions } from 'socket.io';
import { createHttpHandler, securityHeaders } from './http.js';
import type { Logger } from './logger.js';
import { type Counters, createMetrics, NO_COUNTERS } from './metrics.js';
import {
  type AdmissionPolicy,
  DEFAULT_ADMISSION_POLICY,
  DEFAULT_ROOM_POLICY,
  type RoomPolicy,
  withDefaults,
} from './policy.js';
import { type Clock, type RateLimits, rateLimitsFor } from './rate-limit.js';
import { MemoryRoomStore } from './rooms/memory-store.js';
import type { RoomStore } from './rooms/store.js';
import { createSessions, SESSION_MAX_AGE_MS } from './session.js';
import { createAdmission } from './socket/admission.js';
import { handleConnections } from './socket/connection.js';
import { startLiveness } from './socket/liveness.js';
import type { ParleyServer } from './socket/types.js';

export interface AppDeps {
  logger: Logger;
  /** Defaults to one process's memory; a shared store lets several nodes enforce one capacity. */
  store?: RoomStore;
  /**
   * Socket.IO's adapter; defaults to one process's memory. With several nodes, one that reaches
   * them all (the Redis streams adapter, see redis.ts) and a shared store go together.
   */
  adapter?: ServerOptions['adapter'];
  /** Whether Redis is reachable now, for /metrics; only with Redis. */
  redisUp?: () => boolean;
}

export interface AppOptions extends Partial<RoomPolicy>, Partial<AdmissionPolicy> {
  /** The built web app; undefined or missing means `/` answers 503 with a hint. */
  webDist?: string;
  /** Origins besides the server's own that may open a socket; empty means any origin may. */
  corsOrigins?: string[];
  /** Defaults scale with maxPeers (see rate-limit.ts). */
  rateLimits?: RateLimits;
  /** Signs session tokens; keep it across restarts (and share it between nodes) so sessions survive. */
  sessionSecret?: string;
  sessionMaxAgeMs?: number;
  /** Enables `/metrics`, readable with `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Wall clock (session tokens, TURN credentials, per-address limits); tests pass their own. */
  now?: Clock;
  /** Waits before a wrong room password is answered; tests pass one that records the delays. */
  sleep?: (ms: number) => Promise<void>;
}

export interface App {
  httpServer: HttpServer;
  io: ParleyServer;
  store: RoomStore;
  listen(port: number, host?: string): Promise<{ port: number }>;
  /** Disconnects every socket and stops the HTTP server. */
  close(): Promise<void>;
}

/** A socket that has not joined the namespace by then is closed (Socket.IO's default is 45 s). */
const CONNECT_TIMEOUT_MS = 10_000;

export function createApp(deps: AppDeps, options: AppOptions = {}): App {
  const { logger } = deps;
  const now = options.now ?? Date.now;
  const policy = withDefaults(DEFAULT_ROOM_POLICY, options);
  const admissionPolicy = withDefaults(DEFAULT_ADMISSION_POLICY, options);
  const sessionMaxAgeMs = options.sessionMaxAgeMs ?? SESSION_MAX_AGE_MS;
  const store: RoomStore = deps.store ?? new MemoryRoomStore({ endedTtlMs: sessionMaxAgeMs, now });
  const corsOrigins = options.corsOrigins ?? [];

  const metrics = options.metricsToken
    ? createMetrics(options.metricsToken, {
        stats: () => store.stats(),
        sockets: () => admission.sockets,
        redisUp: deps.redisUp,
      })
    : undefined;
  const counters: Counters = metrics ?? NO_COUNTERS;
  const admission = createAdmission({
    policy: admissionPolicy,
    logger,
    refused: counters.refused,
    ...(options.now && { now: options.now }),
  });

  const httpServer = createServer(createHttpHandler({ webDist: options.webDist, metrics, logger }));
  // Too many open files, a port taken after start: say so, but a socket that cannot be accepted
  // must not take the process and everyone's calls with it.
  httpServer.on('error', (error) => logger.error({ err: error }, 'HTTP server error'));

  const io: ParleyServer = new Server(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: LIMITS.MESSAGE_MAX_BYTES,
    serveClient: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...(deps.adapter && { adapter: deps.adapter }),
    // No connection-state recovery: it keeps every broadcast (each relayed SDP) for replay, for
    // minutes. A client whose socket dropped resumes its seat with its session token instead and
    // restarts ICE on any link that is not up; see README "Several nodes".
    ...(corsOrigins.length > 0 && {
      cors: { origin: corsOrigins },
      allowRequest: (req, callback) => callback(null, isAllowedOrigin(req, corsOrigins)),
    }),
  });
  io.engine.on('headers', (headers: Record<string, string>, req: IncomingMessage) => {
    Object.assign(headers, securityHeaders(req.headers.host));
  });

  const { presence, hosts, door } = handleConnections({
    io,
    store,
    logger,
    policy,
    admission,
    sessions: createSessions(options.sessionSecret, { maxAgeMs: sessionMaxAgeMs, now }),
    rateLimits: options.rateLimits ?? rateLimitsFor(policy.maxPeers),
    count: counters,
    now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  const stopLiveness = store.liveness
    ? startLiveness({ io, store, liveness: store.liveness, presence, hosts, door, logger })
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
      presence.stop();
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
