import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join as joinPath } from 'node:path';
import { Writable } from 'node:stream';
import type { ClientToServerEvents, JoinResponse, ServerToClientEvents } from '@parley/protocol';
import { pino } from 'pino';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import { type AppOptions, createApp } from '../src/app.js';
import { type Logger, silentLogger } from '../src/logger.js';
import type { RateLimits } from '../src/rate-limit.js';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A client that may send anything at all, for tests that break the rules on purpose. */
export type LooseClient = Socket;

export interface TestServer {
  url: string;
  port: number;
  app: ReturnType<typeof createApp>;
  connect(): Promise<Client>;
  /** Forgets clients that are already disconnected, so long tests do not hold on to them. */
  prune(): void;
  close(): Promise<void>;
}

/** Every test client comes from 127.0.0.1: per-address limits stay out of the way unless a test sets them. */
const GENEROUS_ADMISSION = {
  maxSocketsPerIp: 1e6,
  joinsPerMinutePerIp: 1e6,
  turnCredentialsPerMinutePerIp: 1e6,
};

/**
 * A real server on an ephemeral port; `close()` disconnects every client it handed out, then the server.
 * A dropped socket leaves its room at once unless a test asks for a grace period.
 */
export async function startServer(options: AppOptions = {}, logger = silentLogger()): Promise<TestServer> {
  const app = createApp({ logger }, { graceMs: 0, ...GENEROUS_ADMISSION, ...options });
  const { port } = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const clients: Client[] = [];
  return {
    url,
    port,
    app,
    connect: () => connectTo(url, clients),
    prune() {
      for (let i = clients.length - 1; i >= 0; i--) if (clients[i]?.disconnected) clients.splice(i, 1);
    },
    async close() {
      for (const client of clients) client.disconnect();
      await app.close();
    },
  };
}

/**
 * Servers for the tests of one `describe`: the function returned starts one (the test's options
 * over `defaults`), and every server a test started is closed after it.
 */
export function serversPerTest(defaults: AppOptions = {}): (options?: AppOptions) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (options = {}) => {
    const server = await startServer({ ...defaults, ...options });
    servers.push(server);
    return server;
  };
}

/** A socket.io client connected to `url` (websocket, no reconnection), kept in `clients` for cleanup. */
export async function connectTo(url: string, clients: Client[]): Promise<Client> {
  const client: Client = connectClient(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('connect_error', reject);
  });
  return client;
}

export const media = { audio: true, video: true };

const NO_LIMIT = { burst: 1e12, perSecond: 1e12 };
/** Rate limits out of the way, for tests about something else. */
export const UNLIMITED: RateLimits = {
  socket: { messages: NO_LIMIT, bytes: NO_LIMIT },
  pair: { messages: NO_LIMIT, bytes: NO_LIMIT },
};

export async function join(client: Client, roomId: string, name: string): Promise<JoinResponse> {
  const result = await client.timeout(2000).emitWithAck('room:join', { roomId, name, media });
  if (!result.ok) throw new Error(`join failed: ${result.error.code}`);
  return result.data;
}

/** Records every payload of one server event, from now on. */
export function record<E extends keyof ServerToClientEvents>(
  client: Client,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  // socket.io-client's listener typing cannot follow a generic event name.
  client.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

export function nextEvent<E extends keyof ServerToClientEvents>(
  client: Client,
  event: E,
  timeoutMs = 2000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    client.once(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    }) as never);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One round trip through the server on each client, with no side effect (the payload is refused).
 * Anything the server sent a client before it answered has then arrived.
 */
export async function settle(...clients: Client[]): Promise<void> {
  const loose = clients as unknown as LooseClient[];
  await Promise.all(loose.map((c) => c.timeout(2000).emitWithAck('peer:update', null)));
}

/** A throwaway folder standing in for the built web app. */
export function tempWebDist(files: Record<string, string>) {
  const dir = mkdtempSync(joinPath(tmpdir(), 'parley-web-'));
  const write = (name: string, body: string) => {
    const path = joinPath(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  };
  for (const [name, body] of Object.entries(files)) write(name, body);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logger that keeps what the server reports at warn and above, for tests that assert on it. */
export function recordingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines: () => lines };
}
