import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  url: string;
  port: number;
  /** Stops this redis-server (by the pid it wrote) and removes its folder. */
  stop(): Promise<void>;
}

const MISSING =
  'redis-server not found: install it (apt-get install redis-server; .ci/run does) to run the Redis and multi-node tests';

/** A throwaway redis-server on a free port, in memory only, with its own folder. */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const pidfile = join(dir, 'redis.pid');
  const port = await freePort();
  const started = spawnSync(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...['--daemonize', 'yes', '--pidfile', pidfile, '--dir', dir, '--logfile', join(dir, 'redis.log')],
    ],
    { encoding: 'utf8' },
  );
  if ((started.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(MISSING);
  }
  if (started.status !== 0) {
    throw new Error(`redis-server did not start: ${started.stderr || started.stdout || started.error}`);
  }
  await waitFor(() => ping(port), 5000, `redis-server on port ${port} did not answer PING`);
  await waitFor(async () => existsSync(pidfile), 2000, 'redis-server wrote no pidfile');
  const pid = Number(readFileSync(pidfile, 'utf8').trim());

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      try {
        process.kill(pid, 'SIGTERM');
        await waitFor(async () => !isAlive(pid), 5000, `redis-server ${pid} did not stop`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
