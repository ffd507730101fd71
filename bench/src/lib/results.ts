import { mkdirSync, writeFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describeMachine, type Machine } from './machine.js';

export const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url));

export interface BenchResult<T> {
  name: string;
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  options: Record<string, unknown>;
  results: T;
  table: string;
}

/**
 * Prints the table to stdout and writes the whole result to bench/results/<name>.json
 * (bench/results/smoke/ for a smoke run, so it never overwrites a full run's figures).
 */
export function report<T>(input: {
  name: string;
  startedAt: Date;
  options: Record<string, unknown> & { smoke?: boolean };
  results: T;
  table: string;
  withBrowser?: boolean;
}): string {
  const dir = input.options.smoke ? `${RESULTS_DIR}smoke/` : RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${input.name}.json`;
  const result: BenchResult<T> = {
    name: input.name,
    startedAt: input.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: describeMachine(input.withBrowser ?? true),
    options: input.options,
    results: input.results,
    table: input.table,
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${input.table}\n\nwritten to ${file}\n`);
  return file;
}

export type Cell = string | number | undefined;

/** A Markdown table (pastes straight into BENCHMARKS.md and reads fine in a terminal). */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => row.map(cell));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...text.map(line)].join('\n');
}

function cell(value: Cell): string {
  if (value === undefined) return '-';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'n/a';
    return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(value < 10 ? 2 : 1);
  }
  return value;
}

/** The command line's `--name value` and `--flag` options; anything else fails with the usage line. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(options: T, usage: string) {
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

export function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${value}`);
  return n;
}

export function listOption(value: string | undefined, name: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  return value.split(',').map((part) => numberOption(part.trim(), name, 0));
}

/** Runs a benchmark's main: a failure prints one line (plus the stack when BENCH_DEBUG is set). */
export function main(run: () => Promise<void>): void {
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`bench: ${message}\n`);
      if (process.env.BENCH_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
}
