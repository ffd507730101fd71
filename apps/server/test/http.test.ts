import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join, startServer, type TestServer, tempWebDist } from './support.js';

const INDEX = '<!doctype html><title>Parley test</title>';

describe('HTTP', () => {
  const web = tempWebDist({
    'index.html': INDEX,
    'assets/app-3f9a1c.js': 'console.log(1)',
    'favicon.svg': '<svg/>',
    'sw.js': 'self.addEventListener("fetch", () => {});',
    'manifest.webmanifest': '{"name":"Parley"}',
  });
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ webDist: web.dir });
  });

  afterAll(async () => {
    await server.close();
    web.remove();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

  it('answers /healthz with only that the node is up', async () => {
    await join(await server.connect(), 'room-h', 'Ada');
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('sends the security headers with every response', async () => {
    for (const path of ['/', '/r/some-id', '/assets/app-3f9a1c.js', '/healthz', '/nope', '/metrics']) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      // Own scripts only; WebAssembly may compile (background blur), nothing may be eval'd.
      expect(csp, path).toContain("script-src 'self' 'wasm-unsafe-eval';");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain(
        `connect-src 'self' ws://127.0.0.1:${server.port} wss://127.0.0.1:${server.port}`,
      );
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain("'unsafe-eval'");
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('permissions-policy'), path).toContain(
        'camera=(self), microphone=(self), display-capture=(self)',
      );
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    // A Host header that tries to smuggle a directive in gets none of its own.
    const { headers } = await rawGet(server.port, '/', { Host: "evil; script-src 'unsafe-inline'" });
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['content-security-policy']).toMatch(/connect-src 'self'$/);
  });

  it('serves index.html at / and for any /r/<room>, never cached stale', async () => {
    for (const path of ['/', '/r/some-id', '/r/k3vq-8d2m-x7rt-h4pa?x=1', '/r/deep/er']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(await res.text(), path).toBe(INDEX);
    }
  });

  it('serves hashed assets with a long cache and other files revalidated', async () => {
    const asset = await get('/assets/app-3f9a1c.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the service worker revalidated on every check, and the manifest with its own type', async () => {
    const worker = await get('/sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    // Never a stale worker from the HTTP cache: a new version must be seen on the next load.
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    const manifest = await get('/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    // Both come from the app's own origin, which `default-src 'self'` already allows (worker-src
    // and manifest-src fall back to it): the policy needs nothing more for them.
    expect(worker.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'/);
  });

  it('answers 404 for everything else', async () => {
    for (const path of ['/nope', '/r', '/assets/missing.js', '/healthz/x']) {
      expect((await get(path)).status, path).toBe(404);
    }
    // fetch() would normalise these; a raw request sends them as written.
    for (const path of ['/../../package.json', '/assets/..%2f..%2fpackage.json', '/assets/../../x']) {
      expect((await rawGet(server.port, path)).status, path).toBe(404);
    }
    expect(await rawGet(server.port, '/r/../../package.json')).toMatchObject({ status: 200, body: INDEX });
    expect((await get('/', { method: 'POST' })).status).toBe(404);
  });
});

describe('HTTP without a built web app', () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  it('says to run pnpm build instead of crashing', async () => {
    server = await startServer({ webDist: '/nonexistent/parley/web/dist' });
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(503);
    expect(await home.text()).toContain('pnpm build');
    expect((await fetch(`${server.url}/r/abc`)).status).toBe(503);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('picks the app up once it has been built', async () => {
    const web = tempWebDist({});
    try {
      server = await startServer({ webDist: web.dir });
      expect((await fetch(`${server.url}/`)).status).toBe(503);
      web.write('index.html', INDEX);
      const home = await fetch(`${server.url}/r/abc`);
      expect(home.status).toBe(200);
      expect(await home.text()).toBe(INDEX);
    } finally {
      web.remove();
    }
  });
});

function rawGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}
