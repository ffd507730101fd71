import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '@parley/protocol';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/** What the server counts as it goes; cheap enough for the relay's hot path. */
export interface Counters {
  relayed(): void;
  refused(code: ErrorCode): void;
  /** A host's action (lock, admit, remove, mute…), or a handover. */
  moderated(action: string): void;
}

/** What the gauges read when Prometheus scrapes. */
export interface MetricsSources {
  stats: () => Promise<{ rooms: number; peers: number }>;
  sockets: () => number;
  /** Whether this node reaches Redis now; absent without Redis. */
  redisUp?: () => boolean;
}

export interface Metrics extends Counters {
  /** Whether a request may read the metrics (it carries the bearer token). */
  authorized(req: IncomingMessage): boolean;
  render(): Promise<{ contentType: string; body: string }>;
}

export const NO_COUNTERS: Counters = { relayed() {}, refused() {}, moderated() {} };

/**
 * Prometheus metrics (`/metrics`), each node its own: rooms and peers (of every node, from the
 * store), this node's sockets, signals relayed and refusals by error code (so a flood shows as it
 * happens), Redis reachability, and Node's own (event-loop lag, heap, CPU) under `parley_`.
 */
export function createMetrics(token: string, sources: MetricsSources): Metrics {
  const register = new Registry();
  collectDefaultMetrics({ register, prefix: 'parley_' });
  const relayed = new Counter({
    name: 'parley_signals_relayed_total',
    help: 'Signals relayed',
    registers: [register],
  });
  const refused = new Counter({
    name: 'parley_refusals_total',
    help: 'Requests and connections refused, by error code',
    labelNames: ['code'],
    registers: [register],
  });
  const moderated = new Counter({
    name: 'parley_moderation_total',
    help: 'Room-control actions by hosts (and host handovers), by action',
    labelNames: ['action'],
    registers: [register],
  });
  const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
    new Gauge({
      name,
      help,
      registers: [register],
      async collect() {
        try {
          this.set(await read());
        } catch {
          // Redis away: the scrape still answers, and parley_redis_up says why this one is missing.
          this.set(Number.NaN);
        }
      },
    });
  // One store read serves both gauges of a scrape.
  let stats: Promise<{ rooms: number; peers: number }> | undefined;
  const readStats = () => {
    stats ??= sources.stats().finally(() => setImmediate(() => (stats = undefined)));
    return stats;
  };
  gauge('parley_rooms', 'Rooms with at least one peer (all nodes)', async () => (await readStats()).rooms);
  gauge('parley_peers', 'Peers in rooms (all nodes)', async () => (await readStats()).peers);
  gauge('parley_sockets', 'Open sockets on this node', sources.sockets);
  const { redisUp } = sources;
  if (redisUp)
    gauge('parley_redis_up', 'Whether this node reaches Redis (1) or not (0)', () => (redisUp() ? 1 : 0));

  const expected = Buffer.from(`Bearer ${token}`);
  return {
    relayed: () => relayed.inc(),
    refused: (code) => refused.inc({ code }),
    moderated: (action) => moderated.inc({ action }),
    authorized(req) {
      const given = Buffer.from(req.headers.authorization ?? '');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    async render() {
      return { contentType: register.contentType, body: await register.metrics() };
    },
  };
}
