import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { resolveChromium } from '../../../e2e/support/chromium.js';

export interface Machine {
  nproc: number;
  cpu: string;
  memory: string;
  node: string;
  chromium: string;
  os: string;
  /** `git describe --always --dirty` of the checkout measured. */
  revision: string;
  /** 1, 5 and 15 minute load averages when the benchmark started and when it ended: a busy machine skews everything. */
  loadAverage: { start: number[]; end: number[] };
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LOAD_AT_START = loadavg().map((n) => Math.round(n * 100) / 100);

/** What BENCHMARKS.md records next to every figure: `nproc`, `free -h`, node and chromium versions. */
export function describeMachine(withBrowser = true): Machine {
  return {
    nproc: Number(run('nproc') ?? cpus().length),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memory: freeLine() ?? `${Math.round(totalmem() / 2 ** 30)} GiB total`,
    node: process.version,
    chromium: withBrowser ? (run(resolveChromium(), ['--version'])?.split('\n').at(-1) ?? 'unknown') : '-',
    os: run('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"']) ?? process.platform,
    revision: run('git', ['-C', REPO_ROOT, 'describe', '--always', '--dirty']) ?? 'unknown',
    loadAverage: { start: LOAD_AT_START, end: loadavg().map((n) => Math.round(n * 100) / 100) },
  };
}

/** The `Mem:` line of `free -h`, e.g. `total 23Gi, used 680Mi, available 22Gi`. */
function freeLine(): string | undefined {
  const out = run('free', ['-h']);
  const mem = out?.split('\n').find((line) => line.startsWith('Mem:'));
  if (!mem) return undefined;
  const [, total, used, , , , available] = mem.split(/\s+/);
  return `total ${total}, used ${used}, available ${available}`;
}

function run(command: string, args: string[] = []): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
