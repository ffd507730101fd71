import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { BENCH_DIR, stopChild, track } from './lib/processes.js';
import { main, RESULTS_DIR } from './lib/results.js';

/**
 * Every benchmark at a tiny size, one after another, so none of them can rot unnoticed. Asserts
 * only that each ran to the end and wrote finite numbers, never how fast anything was; the one
 * deterministic check is the client-weight budget (`weight --check`, never retried). Needs
 * `pnpm build` first.
 */

const STEPS = [
  { name: 'weight', args: ['--smoke', '--check'], timeoutMs: 60_000 },
  { name: 'join', args: ['--smoke'], timeoutMs: 150_000 },
  { name: 'signaling', args: ['--smoke'], timeoutMs: 150_000 },
  { name: 'uplink', args: ['--smoke'], timeoutMs: 150_000 },
  { name: 'mesh', args: ['--smoke'], timeoutMs: 150_000 },
] as const;

main(async () => {
  const dir = `${RESULTS_DIR}smoke/`;
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  for (const step of STEPS) {
    const stepStarted = performance.now();
    process.stdout.write(`\n== bench smoke: ${step.name} ${step.args.join(' ')}\n`);
    let code = await run(`src/${step.name}/main.ts`, [...step.args], step.timeoutMs);
    // A browser benchmark on a busy machine can miss one of its timeouts: one more try before failing.
    if (code !== 0 && step.name !== 'weight') {
      process.stdout.write(`== ${step.name} exited with ${code}; once more\n`);
      code = await run(`src/${step.name}/main.ts`, [...step.args], step.timeoutMs);
    }
    if (code !== 0) throw new Error(`${step.name} exited with ${code}`);
    const numbers = finiteNumbers(JSON.parse(readFileSync(`${dir}${step.name}.json`, 'utf8')).results);
    if (numbers === 0) throw new Error(`${step.name} wrote no numbers`);
    process.stdout.write(
      `== ${step.name} ok: ${numbers} numbers in ${Math.round((performance.now() - stepStarted) / 1000)} s\n`,
    );
  }
  process.stdout.write(`\nbench smoke passed in ${Math.round((performance.now() - started) / 1000)} s\n`);
});

function run(file: string, args: string[], timeoutMs: number): Promise<number | null> {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: BENCH_DIR, stdio: 'inherit' }),
  );
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      process.stderr.write(`bench smoke: ${file} still running after ${timeoutMs / 1000} s; stopping it\n`);
      void stopChild(child);
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** How many finite numbers a result holds (anything else: NaN, null, strings, is not counted). */
function finiteNumbers(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? 1 : 0;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + finiteNumbers(v), 0);
  if (value && typeof value === 'object') return finiteNumbers(Object.values(value));
  return 0;
}
