import type { HistogramData } from '../lib/stats.js';

/** What the signaling benchmark tells its load processes (over IPC), and what they answer. */

export type Command =
  | { cmd: 'connect'; url: string; rooms: string[]; roomSize: number; concurrency: number }
  /** Every room fills up, one member after another; each newcomer negotiates with those already in. */
  | { cmd: 'burst'; candidates: number; timeoutMs: number }
  /** Each participant sends `rate` peer:update per second (at most `maxInFlight` unanswered). */
  | { cmd: 'load'; rate: number; warmupMs: number; durationMs: number; maxInFlight: number }
  | { cmd: 'stop' };

export interface Counters {
  /** Requests sent in the window. */
  sent: number;
  /** Sends skipped because `maxInFlight` requests were still unanswered. */
  skipped: number;
  /** Relayed messages (`signal`, `peer:updated`) received in the window. */
  delivered: number;
  latency: HistogramData;
  /** Error acks by code. */
  errors: Record<string, number>;
  windowMs: number;
}

export type Reply =
  | { type: 'ready' }
  | { type: 'connected'; connected: number; failed: number; ms: number }
  | ({ type: 'burst-done'; complete: boolean; expected: number } & Counters)
  | ({ type: 'load-done' } & Counters)
  | { type: 'failed'; message: string };
