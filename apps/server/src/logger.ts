import { createRequire } from 'node:module';
import { type Logger, type LevelWithSilent, pino } from 'pino';

export type { Logger };

const LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const satisfies LevelWithSilent[];
export type LogLevel = (typeof LEVELS)[number];
export const LOG_LEVELS: readonly LogLevel[] = LEVELS;

/**
 * JSON lines for machines; pretty lines when a person watches a terminal and pino-pretty
 * (a dev dependency) is installed.
 */
export function createLogger(level: LogLevel, pretty = Boolean(process.stdout.isTTY)): Logger {
  if (pretty && canResolve('pino-pretty')) {
    return pino({ level, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l' } } });
  }
  return pino({ level });
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

function canResolve(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}
