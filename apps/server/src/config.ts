import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IceServer, iceServerSchema, LIMITS } from '@parley/protocol';
import {
  type AdmissionPolicy,
  DEFAULT_ADMISSION_POLICY,
  DEFAULT_ROOM_POLICY,
  type RoomPolicy,
} from './policy.js';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './logger.js';

/** Everything a node reads at start: the policies (see policy.ts) and where and how it runs. */
export interface Config extends RoomPolicy, AdmissionPolicy {
  port: number;
  /** undefined: every interface, as Node's listen() does by default. */
  host: string | undefined;
  corsOrigins: string[];
  logLevel: LogLevel;
  webDist: string;
  /** Signs session tokens; when unset, main.ts keeps a generated one under `dataDir`. */
  sessionSecret: string | undefined;
  /** Where the node keeps what must survive a restart (the generated session secret). */
  dataDir: string;
  /** With REDIS_URL, rooms and broadcasts are shared with every node using the same Redis. */
  redisUrl: string | undefined;
  /** Enables `/metrics` behind this bearer token. */
  metricsToken: string | undefined;
}

export type Env = Record<string, string | undefined>;

/** Thrown with every problem found, in one line, so a bad deployment says all that is wrong at once. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

// src/ and dist/ both sit one level under the package, so this holds for `tsx` and for `node dist`.
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** Beside the server package (apps/server/data, gitignored); the image sets /app/data, a volume. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));

/** Long enough for most calls; longer ones get fresh credentials through `ice:refresh`. */
export const DEFAULT_TURN_TTL_SECONDS = 3600;

const ICE_URL = /^(stun|stuns|turn|turns):\S+$/;
const TURN_URL = /^turns?:\S+$/;

const integerBetween = (min: number, max: number) =>
  z.string().transform((raw, ctx) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max}` });
      return z.NEVER;
    }
    return value;
  });

const commaList = (item: z.ZodType<string>, message: string) =>
  z.string().transform((raw, ctx) => {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (!items.every((s) => item.safeParse(s).success)) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return items;
  });

const iceServersSchema = z.string().transform((raw, ctx): IceServer[] => {
  const message =
    'must be a JSON list of RTCIceServer objects with stun:/turn: urls, e.g. [{"urls":"stun:stun.example.org:3478"}]';
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  const parsed = z.array(iceServerSchema).safeParse(json);
  const urlsOk =
    parsed.success && parsed.data.every((s) => [s.urls].flat().every((url) => ICE_URL.test(url)));
  if (!parsed.success || !urlsOk) {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  return parsed.data;
});

const originSchema = z.string().refine((s) => {
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === s;
  } catch {
    return false;
  }
});

const redisUrlSchema = z.string().refine(
  (s) => {
    try {
      const { protocol } = new URL(s);
      return protocol === 'redis:' || protocol === 'rediss:';
    } catch {
      return false;
    }
  },
  { message: 'must be a redis:// or rediss:// URL' },
);

const trustProxySchema = z.string().transform((raw, ctx) => {
  if (raw === 'true') return 1;
  if (raw === 'false') return 0;
  const hops = Number(raw);
  if (!/^\d+$/.test(raw) || hops > 10) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be true, false, or the number of proxies in front (0-10)',
    });
    return z.NEVER;
  }
  return hops;
});

const logLevelSchema = z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]], {
  error: `must be one of ${LOG_LEVELS.join(', ')}`,
});

/** Reads Parley's settings from the environment; an empty variable counts as unset. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];

  const read = <T>(key: string, schema: z.ZodType<T>, fallback: T, secret = false): T => {
    const raw = env[key]?.trim();
    if (raw === undefined || !isSet(raw)) return fallback;
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    const detail = result.error.issues[0]?.message ?? 'is invalid';
    // Secrets (and URLs that may carry a password) are never echoed back into logs.
    problems.push(secret ? `${key} ${detail}` : `${key} ${detail} (got ${JSON.stringify(shorten(raw))})`);
    return fallback;
  };

  const config: Config = {
    port: read('PORT', integerBetween(0, 65535), 3000),
    host: read<string | undefined>('HOST', z.string(), undefined),
    iceServers: read('ICE_SERVERS', iceServersSchema, []),
    maxPeers: read('MAX_PEERS', integerBetween(2, LIMITS.MAX_PEERS_CEILING), DEFAULT_ROOM_POLICY.maxPeers),
    corsOrigins: read(
      'CORS_ORIGINS',
      commaList(originSchema, 'must be a comma-separated list of origins such as https://app.example.com'),
      [],
    ),
    logLevel: read('LOG_LEVEL', logLevelSchema, 'info'),
    webDist: resolve(read('WEB_DIST', z.string(), DEFAULT_WEB_DIST)),
    turn: undefined,
    iceTransportPolicy: read(
      'ICE_TRANSPORT_POLICY',
      z.enum(['all', 'relay'], { error: 'must be all or relay' }),
      'all',
    ),
    sessionSecret: read<string | undefined>(
      'SESSION_SECRET',
      z.string().min(16, 'must be at least 16 characters'),
      undefined,
      true,
    ),
    dataDir: resolve(read('DATA_DIR', z.string(), DEFAULT_DATA_DIR)),
    graceMs: read('RECONNECT_GRACE_MS', integerBetween(0, 600_000), DEFAULT_ROOM_POLICY.graceMs),
    uplinkBudgetBps: kbpsToBps(
      read<number | undefined>('UPLINK_BUDGET_KBPS', integerBetween(100, 100_000), undefined),
    ),
    maxKnocksPerRoom: read(
      'MAX_KNOCKS_PER_ROOM',
      integerBetween(1, 1000),
      DEFAULT_ROOM_POLICY.maxKnocksPerRoom,
    ),
    wrongPasswordDelayMs: DEFAULT_ROOM_POLICY.wrongPasswordDelayMs,
    redisUrl: read<string | undefined>('REDIS_URL', redisUrlSchema, undefined, true),
    metricsToken: read<string | undefined>(
      'METRICS_TOKEN',
      z.string().min(16, 'must be at least 16 characters'),
      undefined,
      true,
    ),
    maxSocketsPerIp: read(
      'MAX_SOCKETS_PER_IP',
      integerBetween(1, 1_000_000),
      DEFAULT_ADMISSION_POLICY.maxSocketsPerIp,
    ),
    joinsPerMinutePerIp: read(
      'JOINS_PER_MINUTE_PER_IP',
      integerBetween(1, 1_000_000),
      DEFAULT_ADMISSION_POLICY.joinsPerMinutePerIp,
    ),
    turnCredentialsPerMinutePerIp: read(
      'TURN_CREDENTIALS_PER_MINUTE_PER_IP',
      integerBetween(1, 1_000_000),
      DEFAULT_ADMISSION_POLICY.turnCredentialsPerMinutePerIp,
    ),
    maxConnections: read(
      'MAX_CONNECTIONS',
      integerBetween(1, 10_000_000),
      DEFAULT_ADMISSION_POLICY.maxConnections,
    ),
    trustProxy: read('TRUST_PROXY', trustProxySchema, DEFAULT_ADMISSION_POLICY.trustProxy),
  };

  const turnUrls = read<string[] | undefined>(
    'TURN_URLS',
    commaList(z.string().regex(TURN_URL), 'must be a comma-separated list of turn: or turns: URLs'),
    undefined,
  );
  const turnSecret = read<string | undefined>('TURN_SECRET', z.string(), undefined, true);
  const turnTtl = read('TURN_TTL', integerBetween(60, 7 * 24 * 3600), DEFAULT_TURN_TTL_SECONDS);
  if (isSet(env.TURN_URLS) !== isSet(env.TURN_SECRET)) {
    problems.push('TURN_URLS and TURN_SECRET must be set together');
  } else if (turnUrls && turnSecret) {
    config.turn = { urls: turnUrls, secret: turnSecret, ttlSeconds: turnTtl };
  }

  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return config;
}

function kbpsToBps(kbps: number | undefined): number | undefined {
  return kbps === undefined ? undefined : kbps * 1000;
}

function isSet(raw: string | undefined): boolean {
  return raw !== undefined && raw.trim() !== '';
}

function shorten(raw: string): string {
  return raw.length > 80 ? `${raw.slice(0, 77)}...` : raw;
}
