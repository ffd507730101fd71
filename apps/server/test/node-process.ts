import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The real entry point (src/main.ts through tsx) in a process of its own, as `pnpm start` runs it.

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
// Generous: a loaded machine running every test file at once can take many seconds to boot tsx.
export const START_TIMEOUT_MS = 30_000;

export interface NodeProcess {
  name: string;
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the node printed so far, for failure messages and log assertions. */
  output(): string;
  /** Resident set size now, from /proc (what `ps` and the kernel's OOM killer see). */
  rss(): number;
  /** SIGTERM (a graceful shutdown), SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/**
 * Spawns the server with exactly `env` (plus PATH, and a fresh DATA_DIR unless given); resolves
 * once it logs that it listens.
 */
export async function startNode(name: string, env: Record<string, string>): Promise<NodeProcess> {
  const defaults = {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_DIST: '/nonexistent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-data-')),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=development', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: { ...defaults, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => (text += chunk));
  }
  const exited = once(child, 'exit');
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${name} did not start within ${START_TIMEOUT_MS} ms:\n${text}`));
    }, START_TIMEOUT_MS);
    const look = () => {
      const match = /"port":(\d+),[^\n]*"msg":"Parley listening/.exec(text);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', look);
      resolve(Number(match[1]));
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited with ${code} before listening:\n${text}`));
    });
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    output: () => text,
    rss: () => rssOf(child.pid ?? 0),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}
