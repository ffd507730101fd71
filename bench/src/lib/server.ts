import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, startServer } from '../../../e2e/support/server.js';

const WEB_DIST = fileURLToPath(new URL('../../../apps/web/dist/', import.meta.url));

/**
 * The built server (apps/server/dist/main.js, as `pnpm start` runs it) on 127.0.0.1, serving a
 * private copy of the built web app: a rebuild of apps/web/dist while a benchmark runs (anyone's
 * `pnpm build`) would otherwise pull the assets from under the pages being measured.
 */
export async function startParley(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}index.html is missing: run \`pnpm build\` first`);
  }
  const copy = mkdtempSync(join(tmpdir(), 'parley-bench-web-'));
  cpSync(WEB_DIST, copy, { recursive: true });
  const remove = () => rmSync(copy, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    const server = await startServer({ LOG_LEVEL: 'warn', WEB_DIST: copy, ...env });
    return {
      ...server,
      stop: async (graceMs?: number) => {
        await server.stop(graceMs);
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
