import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { io as connectClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type Client, join } from './support.js';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The real entry point, from source, in its own process with only the given environment. */
function startMain(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=development', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function output(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => (text += chunk));
  return () => text;
}

describe('main', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('exits 1 with one clear line on bad config', async () => {
    child = startMain({ MAX_PEERS: 'abc' });
    const stdout = output(child.stdout);
    const stderr = output(child.stderr);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr()).toBe('config error: MAX_PEERS must be an integer between 2 and 50 (got "abc")\n');
    expect(stdout()).toBe('');
  });

  it('listens, logs one JSON line, and exits 0 on SIGTERM', async () => {
    child = startMain({ PORT: '0', HOST: '127.0.0.1', WEB_DIST: '/nonexistent', LOG_LEVEL: 'info' });
    const stdout = output(child.stdout);
    const exited = once(child, 'exit');

    await expect.poll(stdout, { timeout: 10_000 }).toContain('\n');
    const started = JSON.parse(stdout().split('\n')[0] ?? '') as { port: number; msg: string; level: number };
    expect(started.msg).toBe(`Parley listening on http://127.0.0.1:${started.port}`);

    const url = `http://127.0.0.1:${started.port}`;
    const client: Client = connectClient(url, { transports: ['websocket'], reconnection: false });
    await join(client, 'last-call', 'Ada');
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok', rooms: 1, peers: 1 });

    // A connected call must not hold the shutdown up.
    const dropped = new Promise((resolve) => client.once('disconnect', resolve));
    const stopAt = performance.now();
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(performance.now() - stopAt).toBeLessThan(3000);
    await dropped;
    expect(stdout()).toContain('shutting down');
  });
});
