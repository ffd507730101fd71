import { existsSync } from 'node:fs';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { connectRedis, type RedisBackend, RedisUnavailableError, redact } from './redis.js';

// Long enough for sockets to hear "server shutting down", short enough for an orchestrator's grace period.
const SHUTDOWN_TIMEOUT_MS = 10_000;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`config error: ${error.message}`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);

// With REDIS_URL, rooms and Socket.IO broadcasts are shared with every node using the same Redis.
let redis: RedisBackend | undefined;
if (config.redisUrl) {
  try {
    redis = await connectRedis(config.redisUrl, { logger, graceMs: config.graceMs });
  } catch (error) {
    if (!(error instanceof RedisUnavailableError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const app = createApp(
  { logger, store: redis?.store, adapter: redis?.adapter },
  {
    webDist: config.webDist,
    maxPeers: config.maxPeers,
    iceServers: config.iceServers,
    corsOrigins: config.corsOrigins,
    turn: config.turn,
    iceTransportPolicy: config.iceTransportPolicy,
    sessionSecret: config.sessionSecret,
    graceMs: config.graceMs,
    uplinkBudgetBps: config.uplinkBudgetBps,
  },
);

try {
  const { port } = await app.listen(config.port, config.host);
  const webApp = existsSync(config.webDist) ? config.webDist : `${config.webDist} (missing: run pnpm build)`;
  logger.info(
    {
      port,
      host: config.host,
      maxPeers: config.maxPeers,
      webDist: webApp,
      ...(config.redisUrl && { redis: redact(config.redisUrl) }),
    },
    `Parley listening on http://${config.host ?? 'localhost'}:${port}`,
  );
  if (!config.sessionSecret && redis) {
    logger.warn(
      'SESSION_SECRET is not set: every node needs the same one, or a peer cannot resume on another node',
    );
  } else if (!config.sessionSecret) {
    logger.warn('SESSION_SECRET is not set: calls survive dropped sockets, but not a restart of this server');
  }
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`cannot listen on ${config.host ?? '*'}:${config.port}: ${reason}`);
  process.exit(1);
}

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => {
    logger.warn('shutdown timed out; exiting anyway');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  app
    .close()
    // After the app: sockets closing now hand their recovery state to Redis.
    .then(() => redis?.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
