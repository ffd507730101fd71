import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface HttpDeps {
  /** The built web app (Vite's dist); may be missing in a fresh clone. */
  webDist: string | undefined;
  /** `/metrics`, when enabled (METRICS_TOKEN). */
  metrics: Metrics | undefined;
  logger: Logger;
}

/**
 * Sent with every response. The app is one origin: its scripts, styles and sockets come from it
 * and nowhere else, nothing inline, no framing (clickjacking), no referrer leaking room links,
 * and camera, microphone and screen capture for this origin only (not for anything it embeds).
 */
export function securityHeaders(host: string | undefined): Record<string, string> {
  // 'self' covers ws:/wss: of the same host in CSP Level 3 browsers; older ones need them named.
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return { 'Content-Security-Policy': `${CSP}; connect-src 'self'${sockets}`, ...OTHER_HEADERS };
}

// A host name or address with an optional port: nothing that could end a directive.
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

const CSP = [
  "default-src 'self'",
  // WebAssembly (background blur, RNNoise) may compile; nothing else is evaluated.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  // Received files are offered as blob: URLs; remote media plays from srcObject, not a URL.
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const OTHER_HEADERS = {
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy':
    'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

type Static = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const NOT_BUILT =
  'The web app is not built yet. Run `pnpm build` (or `pnpm start`, which builds), then reload.\n';

/**
 * `/healthz`, the built app's files, and the app's own routes (`/`, `/r/<room>`) answered with
 * index.html. Socket.IO answers `/socket.io/` before this handler sees it.
 */
export function createHttpHandler({ webDist, metrics, logger }: HttpDeps): RequestListener {
  let serveStatic: Static | undefined;

  // sirv indexes the folder once; wait for index.html so a build finished after start still shows up.
  const getStatic = (): Static | undefined => {
    if (!serveStatic && webDist && existsSync(join(webDist, 'index.html'))) {
      serveStatic = sirv(webDist, { dev: false, etag: true, setHeaders: setCacheHeaders });
    }
    return serveStatic;
  };

  return (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders(req.headers.host))) res.setHeader(name, value);
    const path = pathOf(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 404, 'Not found\n');

    // Up, and nothing else: counts and versions are for /metrics, behind its token.
    if (path === '/healthz') return json(res, 200, { status: 'ok' });

    if (path === '/metrics' && metrics) {
      if (!metrics.authorized(req)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return text(res, 401, 'Unauthorized\n');
      }
      metrics.render().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
          res.end(body);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'rendering metrics failed');
          text(res, 500, 'Metrics failed\n');
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
  // Vite puts a content hash in every /assets/ name, so those never change; the rest must revalidate
  // (sw.js among them: the browser must see a new service worker on the next load).
  const immutable = pathname.startsWith('/assets/');
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
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
