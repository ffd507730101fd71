import { existsSync } from 'node:fs';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { connectRedis, type RedisBackend, RedisUnavailableError, redact } from './redis.js';
import { persistentSessionSecret } from './secret.js';

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

// Without SESSION_SECRET, one kept on disk: sessions then survive a restart of this node.
let sessionSecret = config.sessionSecret;
if (!sessionSecret) {
  const kept = persistentSessionSecret(config.dataDir);
  sessionSecret = kept.secret;
  if ('error' in kept) {
    logger.warn(
      { file: kept.file, reason: kept.error },
      'SESSION_SECRET is not set and cannot be kept on disk: sessions end with this process',
    );
  } else {
    logger.info(
      { file: kept.file },
      kept.created
        ? 'SESSION_SECRET is not set: generated one and kept it'
        : 'SESSION_SECRET is not set: using the kept one',
    );
  }
  if (redis)
    logger.warn(
      'with several nodes, set SESSION_SECRET: each needs the same one for a peer to resume elsewhere',
    );
}

const app = createApp(
  { logger, store: redis?.store, adapter: redis?.adapter, redisUp: redis?.up },
  { ...config, sessionSecret },
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
