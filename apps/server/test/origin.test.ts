import { io as connectClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support.js';

describe('CORS_ORIGINS', () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  /** Opens a socket claiming to come from `origin`; resolves whether the server let it in. */
  const connectFrom = (origin: string | undefined) =>
    new Promise<boolean>((resolve) => {
      const client = connectClient(server.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: origin ? { Origin: origin } : {},
      });
      client.once('connect', () => {
        client.disconnect();
        resolve(true);
      });
      client.once('connect_error', () => {
        client.disconnect();
        resolve(false);
      });
    });

  it('lets in the listed origins, the server’s own, and clients that send none', async () => {
    server = await startServer({ corsOrigins: ['https://app.example.com'] });
    expect(await connectFrom('https://app.example.com')).toBe(true);
    expect(await connectFrom(server.url)).toBe(true);
    expect(await connectFrom(undefined)).toBe(true);
    expect(await connectFrom('https://evil.example.com')).toBe(false);
    expect(await connectFrom('null')).toBe(false);
  });

  it('lets any origin in when the list is empty', async () => {
    server = await startServer();
    expect(await connectFrom('https://anywhere.example.org')).toBe(true);
  });
});
