// Parley's signaling server for the signaling benchmark: the built createApp (apps/server/dist,
// run `pnpm build` first) with the same defaults as `pnpm start` (rate limit, room size, info-level
// JSON logs) but the per-address caps, minus the web app. Started with --expose-gc so the benchmark can ask for a
// collection before it reads the resident set size.
import { fileURLToPath } from 'node:url';
import { serveBench } from './control.js';

interface ServerDist {
  createApp(
    deps: { logger: unknown },
    options?: Record<string, unknown>,
  ): { listen(port: number, host?: string): Promise<{ port: number }>; close(): Promise<void> };
}
interface LoggerDist {
  createLogger(level: string, pretty?: boolean): unknown;
}

const dist = new URL('../../../../apps/server/dist/', import.meta.url);
const load = async <T>(file: string): Promise<T> => {
  try {
    return (await import(new URL(file, dist).href)) as T;
  } catch (error) {
    throw new Error(`cannot load ${fileURLToPath(new URL(file, dist))} (run \`pnpm build\` first): ${error}`);
  }
};

const { createApp } = await load<ServerDist>('app.js');
const { createLogger } = await load<LoggerDist>('logger.js');
// Every simulated participant connects from 127.0.0.1: the per-address admission caps (50 sockets,
// 60 joins a minute by default) would refuse all but the first few. Lifted here, and only here:
// the benchmark measures the relay, not the flood guard.
const app = createApp(
  { logger: createLogger(process.env.LOG_LEVEL || 'info', false) },
  { maxSocketsPerIp: 1_000_000, joinsPerMinutePerIp: 1_000_000 },
);
await serveBench(app);
