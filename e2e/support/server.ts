import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER_ENTRY = fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url));
export const WEB_INDEX = fileURLToPath(new URL('../../apps/web/dist/index.html', import.meta.url));

export interface RunningServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Everything the server printed so far (all its lives), stdout and stderr interleaved. */
  logs(): string;
  /** SIGTERM (the graceful path), SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Sends `signal` (default SIGKILL) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same port (stopping it first if it still runs); waits for /healthz. */
  restart(): Promise<void>;
}

/** Config the outer shell might carry; a test server gets only what the test asks for. */
const SERVER_ENV_KEYS = [
  'PORT',
  'HOST',
  'ICE_SERVERS',
  'TURN_URLS',
  'TURN_SECRET',
  'MAX_PEERS',
  'REDIS_URL',
  'CORS_ORIGINS',
  'LOG_LEVEL',
  'WEB_DIST',
];
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 15_000;
const LOG_LIMIT = 1_000_000;
const live = new Set<ChildProcess>();

// Whatever happens to the test runner, no server outlives it.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Spawns the built server (`node apps/server/dist/main.js`, what `pnpm start` runs) on a free
 * port and resolves when `/healthz` answers. `env` overrides the defaults (`ICE_SERVERS=[]`:
 * there is no internet to reach a STUN server, and loopback host candidates suffice).
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  for (const [file, hint] of [
    [SERVER_ENTRY, 'the server'],
    [WEB_INDEX, 'the web app'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm build\` first (${hint})`);
  }
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of SERVER_ENV_KEYS) delete childEnv[key];
  Object.assign(childEnv, { NODE_ENV: 'production', ICE_SERVERS: '[]', LOG_LEVEL: 'debug' }, env, {
    PORT: String(port),
    HOST,
  });

  let log = '';
  const append = (text: string) => {
    log += text;
    if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const spawnOnce = async () => {
    const proc = spawn(process.execPath, ['--enable-source-maps', SERVER_ENTRY], {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    live.add(proc);
    proc.stdout?.setEncoding('utf8').on('data', append);
    proc.stderr?.setEncoding('utf8').on('data', append);
    exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        live.delete(proc);
        append(`[e2e] server pid ${proc.pid} exited (${signal ?? `code ${code}`})\n`);
        resolve();
      });
    });
    try {
      await waitForHealth(url, exited);
    } catch (error) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`${(error as Error).message}; server output:\n${log}`);
    }
  };

  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!isRunning()) return;
    child?.kill(signal);
    await exited;
  };

  const stop = async (graceMs = 5_000) => {
    if (!isRunning()) return;
    child?.kill('SIGTERM');
    const timer = setTimeout(() => child?.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const restart = async () => {
    await stop();
    append('[e2e] restarting server\n');
    await spawnOnce();
  };

  await spawnOnce();
  return { url, port, logs: () => log, stop, kill, restart };
}

/** A port nobody listens on right now (the OS picks it; we release it for the server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

async function waitForHealth(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error('server exited before /healthz answered');
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not answer ${url}/healthz within ${START_TIMEOUT_MS} ms`);
}
