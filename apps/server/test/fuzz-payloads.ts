import { CLIENT_EVENTS, LIMITS } from '@parley/protocol';

export type Rng = () => number;

/** A small seeded PRNG (mulberry32): the same seed replays the same fuzz run. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Under the socket's message cap with room to spare for the rest of the packet. */
export const HUGE_UNDER_CAP = LIMITS.MESSAGE_MAX_BYTES - 16 * 1024;
export const HUGE_OVER_CAP = LIMITS.MESSAGE_MAX_BYTES + 16 * 1024;

const NOT_EVENTS = [
  'unknown',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'ROOM:JOIN',
  'signal ',
  '',
];
const KEYS = [
  'roomId',
  'name',
  'media',
  'audio',
  'video',
  'screen',
  'to',
  'from',
  'description',
  'candidate',
  'type',
  'sdp',
  'sdpMid',
  'sdpMLineIndex',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'x',
];
const STRINGS = [
  '',
  ' ',
  'room-a',
  'fuzz-1',
  'offer',
  'answer',
  'rollback',
  'a\u202eb',
  '\u0000',
  '\ud800',
  '😀'.repeat(40),
  '<script>',
  '../../etc/passwd',
  'null',
  '{}',
  'constructor',
];

/** Builds hostile and almost-valid messages for every event. `peers()` lists real peer ids seen so far. */
export class Fuzzer {
  constructor(
    private readonly rng: Rng,
    private readonly peers: () => string[],
  ) {}

  int(n: number): number {
    return Math.floor(this.rng() * n);
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  event(): string | number {
    if (this.chance(0.8)) return this.pick(CLIENT_EVENTS);
    return this.chance(0.1) ? this.int(100) : this.pick(NOT_EVENTS);
  }

  /** The arguments after the event name, ack excluded. */
  args(event: string | number): unknown[] {
    const payload = this.payload(event);
    const shape = this.int(10);
    if (shape === 0) return [];
    if (shape === 1) return [payload, this.value(1)];
    if (shape === 2) return [payload, this.value(1), this.value(1)];
    return [payload];
  }

  payload(event: string | number): unknown {
    // Huge strings are rare: each costs ~110 KB of encoding and decoding, and a hundred a round make the point.
    if (this.chance(0.01)) return this.withField(this.valid(event), this.huge());
    const kind = this.int(20);
    if (kind < 5) return this.value(0);
    if (kind < 8) return this.valid(event);
    if (kind === 8) return this.deep(500 + this.int(2500));
    if (kind === 9)
      return {
        ...JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
        ...this.asObject(this.valid(event)),
      };
    if (kind === 10) return this.withField(this.valid(event), new Uint8Array(this.int(64)));
    return this.mutate(this.valid(event));
  }

  /** A payload the schema accepts (for unknown events, a join). */
  valid(event: string | number): unknown {
    const media = { audio: this.chance(0.5), video: this.chance(0.5) };
    switch (event) {
      case 'room:leave':
        return {};
      case 'signal': {
        const to = this.chance(0.7) && this.peers().length > 0 ? this.pick(this.peers()) : this.string();
        return this.chance(0.5)
          ? {
              to,
              description: {
                type: this.pick(['offer', 'answer', 'pranswer', 'rollback']),
                sdp: `v=0 ${this.int(1e6)}`,
              },
              from: 'spoof',
            }
          : {
              to,
              candidate: {
                candidate: `candidate:${this.int(1e6)} 1 udp 1 127.0.0.1 5000 typ host`,
                sdpMid: '0',
                sdpMLineIndex: 0,
              },
            };
      }
      case 'peer:update':
        return this.chance(0.5)
          ? { name: `p${this.int(1000)}` }
          : { media: { ...media, screen: this.chance(0.5) } };
      default:
        return { roomId: `fuzz-${this.int(2)}`, name: ` fuzzer ${this.int(100)} `, media };
    }
  }

  private mutate(base: unknown): unknown {
    const object = this.asObject(base);
    const keys = Object.keys(object);
    const key = keys.length > 0 && this.chance(0.7) ? this.pick(keys) : this.pick(KEYS);
    const copy: Record<string, unknown> = { ...object };
    if (this.chance(0.2)) delete copy[key];
    else
      Object.defineProperty(copy, key, {
        value: this.value(1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return copy;
  }

  private withField(base: unknown, value: unknown): Record<string, unknown> {
    const copy: Record<string, unknown> = { ...this.asObject(base) };
    const key = this.pick(['name', 'roomId', 'to', 'description', 'candidate', 'extra']);
    if (key === 'description') copy.description = { type: 'offer', sdp: value };
    else if (key === 'candidate') copy.candidate = { candidate: value };
    else copy[key] = value;
    return copy;
  }

  private asObject(value: unknown): Record<string, unknown> {
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  }

  value(depth: number): unknown {
    const kind = this.int(depth > 3 ? 6 : 9);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308]);
      case 3:
      case 4:
        return this.string();
      case 5:
        return undefined;
      case 6:
        return Array.from({ length: this.int(6) }, () => this.value(depth + 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = this.int(6); i > 0; i--) {
          Object.defineProperty(object, this.pick(KEYS), {
            value: this.value(depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return object;
      }
    }
  }

  string(): string {
    if (this.chance(0.5)) return this.pick(STRINGS);
    return Array.from({ length: this.int(80) }, () => String.fromCharCode(this.int(0x3000))).join('');
  }

  huge(): string {
    return 'x'.repeat(HUGE_UNDER_CAP - this.int(1000));
  }

  deep(levels: number): unknown {
    let value: unknown = 'bottom';
    for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { to: value };
    return value;
  }
}
