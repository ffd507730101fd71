import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { type Clock, monotonic } from './rate-limit.js';

// Room passwords: only a salted scrypt hash is kept (with the room, in its store), and a wrong
// guess is answered late, later with each wrong guess from the same address for the same room.

const KEY_LENGTH = 32;
/** scrypt's cost (N=2^14, r=8, p=1: Node's defaults, ~50 ms and 16 MB per hash, off the event loop). */
const COST = { N: 16_384, r: 8, p: 1 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, COST, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$<salt>$<hash>` (base64url), with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${(await derive(password, salt)).toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const given = await derive(password, Buffer.from(salt, 'base64url'));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WrongPasswordDelays {
  /** The delay before answering the first wrong password; each next one doubles it. */
  stepMs: number;
  /** The delay stops growing here. */
  maxMs: number;
}

/** Failures are forgotten this long after the last one. */
const FORGET_AFTER_MS = 10 * 60_000;
/** Above this many keys, forgotten ones are pruned before a new one is added. */
const KEEP = 1024;

/**
 * Counts wrong passwords per key (address and room) and says how long to wait before answering
 * each: step, 2×step, 4×step… up to max. A right password clears the key.
 */
export class PasswordThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly delays: WrongPasswordDelays,
    private readonly now: Clock = monotonic,
  ) {}

  /** A wrong password: how long to wait before answering it. */
  failed(key: string): number {
    const now = this.now();
    const previous = this.failures.get(key);
    const count = previous && now - previous.last < FORGET_AFTER_MS ? previous.count + 1 : 1;
    if (!previous && this.failures.size >= KEEP) this.prune(now);
    this.failures.set(key, { count, last: now });
    return Math.min(this.delays.maxMs, this.delays.stepMs * 2 ** Math.min(count - 1, 30));
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }

  private prune(now: number): void {
    for (const [key, { last }] of this.failures) if (now - last >= FORGET_AFTER_MS) this.failures.delete(key);
  }
}
