import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'session-secret';

export type SessionSecret =
  | { secret: string; file: string; created: boolean }
  /** The file could be neither read nor written: a secret for this process only. */
  | { secret: string; file: string; error: string };

/**
 * The session secret kept in `<dataDir>/session-secret` (mode 0600), generated on first start: so
 * `pnpm start` without SESSION_SECRET still lets every participant resume after a restart.
 */
export function persistentSessionSecret(dataDir: string): SessionSecret {
  const file = join(dataDir, SECRET_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return { secret: existing, file, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return fallback(file, error);
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Exclusive: two nodes sharing the folder and starting together end up with one secret.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return persistentSessionSecret(dataDir);
    return fallback(file, error);
  }
}

function fallback(file: string, error: unknown): SessionSecret {
  const reason = error instanceof Error ? error.message : String(error);
  return { secret: randomBytes(32).toString('base64url'), file, error: reason };
}
