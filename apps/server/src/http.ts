import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Logger } from './logger.js';

export interface HttpDeps {
  /** The built web app (Vite's dist); may be missing in a fresh clone. */
  webDist: string | undefined;
  health: () => Promise<Record<string, unknown>>;
  logger: Logger;
}

type Static = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const NOT_BUILT =
  'The web app is not built yet. Run `pnpm build` (or `pnpm start`, which builds), then reload.\n';

/**
 * `/healthz`, the built app's files, and the app's own routes (`/`, `/r/<room>`) answered with
 * index.html. Socket.IO answers `/socket.io/` before this handler sees it.
 */
export function createHttpHandler({ webDist, health, logger }: HttpDeps): RequestListener {
  let serveStatic: Static | undefined;

  // sirv indexes the folder once; wait for index.html so a build finished after start still shows up.
  const getStatic = (): Static | undefined => {
    if (!serveStatic && webDist && existsSync(join(webDist, 'index.html'))) {
      serveStatic = sirv(webDist, { dev: false, etag: true, setHeaders: setCacheHeaders });
    }
    return serveStatic;
  };

  return (req, res) => {
    const path = pathOf(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 404, 'Not found\n');

    if (path === '/healthz') {
      health().then(
        (body) => json(res, 200, body),
        (error: unknown) => {
          logger.error({ err: error }, 'health check failed');
          json(res, 503, { status: 'error' });
        },
      );
      return;
    }

    const isAppRoute = path === '/' || path.startsWith('/r/');
    const serve = getStatic();
    if (!serve) return isAppRoute ? text(res, 503, NOT_BUILT) : text(res, 404, 'Not found\n');

    serve(req, res, () => {
      if (!isAppRoute) return text(res, 404, 'Not found\n');
      req.url = '/index.html';
      serve(req, res, () => text(res, 503, NOT_BUILT));
    });
  };
}

function setCacheHeaders(res: ServerResponse, pathname: string): void {
  // Vite puts a content hash in every /assets/ name, so those never change; the rest must revalidate.
  const immutable = pathname.startsWith('/assets/');
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

function pathOf(url = '/'): string {
  return url.split(/[?#]/, 1)[0] ?? '/';
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
