import { type IceServer, LIMITS } from '@parley/protocol';
import type { TurnConfig } from './turn.js';

// The knobs of a Parley server, declared once: config.ts reads them from the environment, createApp
// takes them (any left out get these defaults), and the handlers receive them whole.

/** How rooms behave. */
export interface RoomPolicy {
  /** Participants per room; the next join gets `room_full`. */
  maxPeers: number;
  /** Handed to clients on join. */
  iceServers: IceServer[];
  /** 'relay' tells browsers to use TURN only. */
  iceTransportPolicy: 'all' | 'relay';
  /** Mints TURN credentials per join when set. */
  turn: TurnConfig | undefined;
  /** How long a dropped peer keeps its place before `peer:left`. */
  graceMs: number;
  /** Sent to clients on join: each participant's total video uplink (bits/s); undefined: the client's default. */
  uplinkBudgetBps: number | undefined;
  /** Knocks waiting at one room's door at once; the next is refused with `room_full`. */
  maxKnocksPerRoom: number;
  /**
   * The answer to a wrong room password waits this long, doubled for each further wrong one from
   * the same address for the same room (at most 16 times this).
   */
  wrongPasswordDelayMs: number;
}

/** Who may connect and how often: what keeps one client (or one address) from exhausting a node. */
export interface AdmissionPolicy {
  /** Open sockets per client address (offices and campuses put many people behind one NAT). */
  maxSocketsPerIp: number;
  /** Room joins per minute per client address (resumes with a valid session token are free). */
  joinsPerMinutePerIp: number;
  /** TURN credentials minted per minute per client address (joins and ICE refreshes). */
  turnCredentialsPerMinutePerIp: number;
  /** Open sockets on this node, all addresses together. */
  maxConnections: number;
  /**
   * Take the client address from `X-Forwarded-For` (the entry this many proxies from the right),
   * because the node sits behind that many reverse proxies; 0: the TCP peer address, the header ignored.
   */
  trustProxy: number;
}

export const DEFAULT_GRACE_MS = 15_000;

export const DEFAULT_ROOM_POLICY: RoomPolicy = {
  maxPeers: LIMITS.DEFAULT_MAX_PEERS,
  iceServers: [],
  iceTransportPolicy: 'all',
  turn: undefined,
  graceMs: DEFAULT_GRACE_MS,
  uplinkBudgetBps: undefined,
  maxKnocksPerRoom: 20,
  wrongPasswordDelayMs: 500,
};

export const DEFAULT_ADMISSION_POLICY: AdmissionPolicy = {
  maxSocketsPerIp: 50,
  joinsPerMinutePerIp: 60,
  turnCredentialsPerMinutePerIp: 30,
  maxConnections: 10_000,
  trustProxy: 0,
};

/** The fields of `T` that are set in `options`, over `defaults`: `undefined` never overrides one. */
export function withDefaults<T extends object>(defaults: T, options: Partial<T>): T {
  const result = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = options[key];
    if (value !== undefined) result[key] = value as T[keyof T];
  }
  return result;
}
