import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { io as connectClient } from 'socket.io-client';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type NodeProcess, START_TIMEOUT_MS, startNode } from './node-process.js';
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
    child = startMain({
      PORT: '0',
      HOST: '127.0.0.1',
      WEB_DIST: '/nonexistent',
      LOG_LEVEL: 'info',
      SESSION_SECRET: 'main-test-session-secret',
    });
    const stdout = output(child.stdout);
    const exited = once(child, 'exit');

    await expect.poll(stdout, { timeout: 10_000 }).toContain('\n');
    const started = JSON.parse(stdout().split('\n')[0] ?? '') as { port: number; msg: string; level: number };
    expect(started.msg).toBe(`Parley listening on http://127.0.0.1:${started.port}`);

    const url = `http://127.0.0.1:${started.port}`;
    const client: Client = connectClient(url, { transports: ['websocket'], reconnection: false });
    await join(client, 'last-call', 'Ada');
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });

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

  describe('without SESSION_SECRET', () => {
    let node: NodeProcess | undefined;
    afterEach(async () => {
      await node?.stop();
    });

    it('generates a secret on first start, keeps it in DATA_DIR (0600), and peers resume after a restart', {
      timeout: 2 * START_TIMEOUT_MS,
    }, async () => {
      const dataDir = joinPath(mkdtempSync(joinPath(tmpdir(), 'parley-main-')), 'state');
      node = await startNode('first', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      const file = joinPath(dataDir, 'session-secret');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const secret = readFileSync(file, 'utf8');
      expect(logLines(node.output()).filter((l) => /SESSION_SECRET/.test(l.msg))).toEqual([
        expect.objectContaining({
          level: 30,
          msg: 'SESSION_SECRET is not set: generated one and kept it',
          file,
        }),
      ]);
      const ada: Client = connectClient(node.url, { transports: ['websocket'], reconnection: false });
      const me = await join(ada, 'kept-room', 'Ada');
      ada.disconnect();
      node.process.kill('SIGKILL');
      await once(node.process, 'exit');

      node = await startNode('second', { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      expect(readFileSync(file, 'utf8')).toBe(secret);
      expect(node.output()).toContain('SESSION_SECRET is not set: using the kept one');
      const again: Client = connectClient(node.url, { transports: ['websocket'], reconnection: false });
      const back = await again.timeout(3000).emitWithAck('room:join', {
        roomId: 'kept-room',
        name: 'Ada',
        media: { audio: true, video: true },
        resume: { peerId: me.self.peerId, token: me.session.token },
      });
      again.disconnect();
      expect(back).toMatchObject({ ok: true, data: { self: { peerId: me.self.peerId } } });
    });

    it('falls back to a secret for this process, with a warning, when DATA_DIR cannot be written', {
      timeout: START_TIMEOUT_MS,
    }, async () => {
      // A folder inside a plain file cannot be made, whoever runs the test (root included).
      const file = joinPath(mkdtempSync(joinPath(tmpdir(), 'parley-main-')), 'a-file');
      writeFileSync(file, '');
      node = await startNode('readonly', { DATA_DIR: joinPath(file, 'state'), LOG_LEVEL: 'info' });
      const warnings = logLines(node.output()).filter((l) => l.level === 40);
      expect(warnings).toEqual([
        expect.objectContaining({
          msg: 'SESSION_SECRET is not set and cannot be kept on disk: sessions end with this process',
        }),
      ]);
    });
  });
});

function logLines(text: string): { level: number; msg: string; [key: string]: unknown }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}
