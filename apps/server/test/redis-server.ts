import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  url: string;
  port: number;
  /** SIGKILLs this redis-server, as a crash or an OOM kill would; its folder (and AOF file) stays. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder (after `kill`). */
  restart(): Promise<void>;
  /** Stops this redis-server (by the pid it wrote) and removes its folder. */
  stop(): Promise<void>;
}

export interface TestRedisOptions {
  /** `aof`: an append-only file written on every command, as docker-compose's Redis keeps one. */
  persistence?: 'none' | 'aof';
}

const MISSING =
  'redis-server not found: install it (apt-get install redis-server; .ci/run does) to run the Redis and multi-node tests';

/** A throwaway redis-server on a free port, in memory only unless asked, with its own folder. */
export async function startRedis({ persistence = 'none' }: TestRedisOptions = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const pidfile = join(dir, 'redis.pid');
  const port = await freePort();
  const aof =
    persistence === 'aof' ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const launch = async (): Promise<number> => {
    rmSync(pidfile, { force: true });
    const started = spawnSync(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...aof],
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
    return Number(readFileSync(pidfile, 'utf8').trim());
  };
  let pid = await launch();
  const killWith = async (signal: NodeJS.Signals) => {
    if (!isAlive(pid)) return;
    process.kill(pid, signal);
    await waitFor(async () => !isAlive(pid), 5000, `redis-server ${pid} did not stop`);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => killWith('SIGKILL'),
    async restart() {
      pid = await launch();
    },
    async stop() {
      try {
        await killWith('SIGTERM');
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
