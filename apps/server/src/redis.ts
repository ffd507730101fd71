import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { AppDeps } from './app.js';
import type { Logger } from './logger.js';
import { leaseTimings, RedisRoomStore } from './rooms/redis-store.js';
import { SESSION_MAX_AGE_MS } from './session.js';

/** How long the first connection may take before the server gives up starting. */
const CONNECT_TIMEOUT_MS = 5000;

export interface RedisBackend {
  store: RedisRoomStore;
  adapter: NonNullable<AppDeps['adapter']>;
  /** Whether the client is connected now (metrics). */
  up(): boolean;
  /** Waits for pending commands (while Redis is reachable), then closes; call after the app has closed. */
  close(): Promise<void>;
}

/** Thrown when Redis cannot be reached at start; the message is one line, without any password. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/**
 * Connects to Redis and builds what several nodes share through it: the room store and the
 * Socket.IO streams adapter (which duplicates the client for its blocking reads and subscriptions).
 * Rejects at once if the first connection fails; once connected, the client reconnects with backoff.
 */
export async function connectRedis(
  url: string,
  {
    logger,
    graceMs,
    keyPrefix,
    endedTtlMs = SESSION_MAX_AGE_MS,
  }: { logger: Logger; graceMs: number; keyPrefix?: string; endedTtlMs?: number },
): Promise<RedisBackend> {
  let connected = false;
  let healthy = true;
  const timings = leaseTimings(graceMs);
  const client = createClient({
    url,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Retry at least once per renewal beat: a Redis that is back is noticed (and the seats it
      // lost restored) within one lease.
      reconnectStrategy: (retries, cause) =>
        connected ? Math.min(100 * 2 ** retries, timings.renewEveryMs) : cause,
    },
  });
  const store = new RedisRoomStore(client, { keyPrefix, endedTtlMs, ...timings });
  client.on('error', (error: unknown) => {
    // Before the first connection, connect() reports the failure; afterwards, say it once per outage.
    if (!connected || !healthy) return;
    healthy = false;
    logger.warn({ err: error }, 'Redis unreachable; reconnecting');
  });
  client.on('ready', () => {
    if (healthy) return;
    healthy = true;
    store.redisReturned();
    logger.info('Redis reachable again; sweeps paused for one lease');
  });

  try {
    await client.connect();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new RedisUnavailableError(`cannot reach Redis at ${redact(url)}: ${describe(error)}`);
  }
  connected = true;

  return {
    store,
    // The stream carries broadcasts between nodes (each entry at most one signal, LIMITS.SDP_MAX);
    // with no connection-state recovery nothing is read back from it later, so its default
    // length (~10,000 entries) is only the slack for a node that falls behind.
    adapter: createAdapter(client),
    up: () => client.isReady,
    // close() would wait for Redis to come back to flush what is queued; a node going away does not.
    close: async () => (client.isReady ? client.close() : client.destroy()),
  };
}

// Node reports a refused connection to a name with several addresses as an AggregateError without a message.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return error.message || (typeof code === 'string' ? code : error.name);
}

/** The URL as it may appear in logs: host, port and database, never a user name or password. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}
