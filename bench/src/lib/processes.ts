import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Every child process a benchmark starts is registered here and killed when the benchmark
 * exits, however it exits (normal end, exception, Ctrl-C).
 */
const children = new Set<ChildProcess>();

export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

const CLOCK_TICKS = clockTicks();

/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS;
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface TsProcess {
  child: ChildProcess;
  port: number;
  /** What the process printed (stdout and stderr), for error messages. */
  output(): string;
}

export interface ForkOptions {
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  timeoutMs?: number;
  /** The IPC message that says the process is up: a server's `listening` (with its port) by default. */
  readyType?: string;
}

/**
 * Forks a TypeScript entry (run by tsx; servers listen on 127.0.0.1) and waits for its
 * `{ type: 'listening', port }` (or `readyType`) message. The process is tracked: it dies with the
 * benchmark at the latest.
 */
export async function forkTs(
  file: string,
  { env = {}, execArgv = [], timeoutMs = 20_000, readyType = 'listening' }: ForkOptions = {},
): Promise<TsProcess> {
  const child = track(
    fork(file, [], {
      cwd: BENCH_DIR,
      execArgv: ['--import', 'tsx', ...execArgv],
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  let log = '';
  const append = (chunk: string) => {
    log = (log + chunk).slice(-20_000);
  };
  child.stdout?.setEncoding('utf8').on('data', append);
  child.stderr?.setEncoding('utf8').on('data', append);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${file} did not start within ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === readyType) {
        clearTimeout(timer);
        resolve(message.port ?? 0);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${signal ?? `code ${code}`}) before listening:\n${log}`));
    });
  });
  return { child, port, output: () => log };
}

/** Busy and total jiffies of the whole machine so far, from the first line of /proc/stat. */
function systemJiffies(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Starts measuring the machine's CPU; the returned function gives the busy share (0..1) since. */
export function machineCpuMeter(): () => number {
  const start = systemJiffies();
  return () => {
    const end = systemJiffies();
    return (end.busy - start.busy) / Math.max(1, end.total - start.total);
  };
}

/**
 * CPU seconds used so far by the browsers this benchmark started: every descendant process of
 * ours that is not a Node process (the Parley server is one), from /proc.
 */
export function browserCpuSeconds(): number {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      names.set(pid, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone since the listing.
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === process.pid) return true;
    }
    return false;
  };
  let total = 0;
  for (const [pid, name] of names) {
    if (name === 'node' || !ours(pid)) continue;
    try {
      total += cpuSeconds(pid);
    } catch {
      // Gone since the listing.
    }
  }
  return total;
}
