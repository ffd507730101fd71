import type {
  AckResult,
  ClientEventName,
  ClientToServerEvents,
  ServerEventName,
  ServerToClientEvents,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';

type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type PayloadOf<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
type AckDataOf<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[1] extends (
  result: AckResult<infer T>,
) => void
  ? T
  : never;

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface SignalingOptions {
  /** Defaults to the page's own origin: the server serves the app and the socket on one port. */
  url?: string;
  requestTimeoutMs?: number;
}

/** Raised when the server did not answer a request in time (it is down, or the link is). */
export class SignalingTimeoutError extends Error {
  constructor(event: string) {
    super(`no answer to ${event}`);
    this.name = 'SignalingTimeoutError';
  }
}

/**
 * The only owner of the signaling socket. Requests go out with an ack and come back as
 * AckResult; server pushes are forwarded to subscribers; link changes are reported as LinkState.
 */
export class SignalingClient {
  private readonly socket: ParleySocket;
  private readonly requestTimeoutMs: number;
  private readonly linkListeners = new Set<(state: LinkState, error?: Error) => void>();
  private everConnected = false;

  constructor(options: SignalingOptions = {}) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    const opts = {
      autoConnect: false,
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
    };
    this.socket = options.url ? io(options.url, opts) : io(opts);
    this.socket.on('connect', () => {
      this.everConnected = true;
      this.emitLink('connected');
    });
    this.socket.on('disconnect', (reason) => {
      // A disconnect we asked for is final; anything else Socket.IO retries by itself.
      this.emitLink(reason === 'io client disconnect' ? 'closed' : 'reconnecting');
    });
    this.socket.on('connect_error', (error) => {
      this.emitLink(this.everConnected ? 'reconnecting' : 'connecting', error);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** After a reconnection: Socket.IO restored the session (rooms, missed events) as it was. */
  get recovered(): boolean {
    return this.socket.recovered;
  }

  connect(): void {
    if (this.socket.connected || this.socket.active) return;
    this.emitLink('connecting');
    this.socket.connect();
  }

  /** Resolves once connected; rejects after `timeoutMs` without a connection. */
  waitUntilConnected(timeoutMs: number): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new SignalingTimeoutError('connect'));
      }, timeoutMs);
      const off = this.onLink((state) => {
        if (state !== 'connected') return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  async request<E extends ClientEventName>(
    event: E,
    payload: PayloadOf<E>,
  ): Promise<AckResult<AckDataOf<E>>> {
    // emitWithAck's generic overloads cannot follow a union of events; the event map types the ack.
    const timed = this.socket.timeout(this.requestTimeoutMs) as unknown as {
      emitWithAck(ev: string, p: unknown): Promise<unknown>;
    };
    try {
      return (await timed.emitWithAck(event, payload)) as AckResult<AckDataOf<E>>;
    } catch {
      throw new SignalingTimeoutError(event);
    }
  }

  on<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    // Socket.IO's listener typing is keyed the same way; the cast only bridges its overloads.
    const socket = this.socket as unknown as {
      on(e: string, h: (...args: unknown[]) => void): void;
      off(e: string, h: (...args: unknown[]) => void): void;
    };
    const listener = handler as (...args: unknown[]) => void;
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }

  onLink(listener: (state: LinkState, error?: Error) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  close(): void {
    this.socket.disconnect();
    this.socket.removeAllListeners();
    this.linkListeners.clear();
  }

  private emitLink(state: LinkState, error?: Error): void {
    for (const listener of [...this.linkListeners]) listener(state, error);
  }
}
