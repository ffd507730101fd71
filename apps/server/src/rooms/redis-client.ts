import type { Peer, RoomId } from '@parley/protocol';
import type { Script } from './redis-scripts.js';

// What the two halves of the Redis store (redis-store.ts: rooms and leases; redis-door.ts: the
// door) share: the client's commands, the key names, running a script, reading a stored place.

/**
 * What the store needs of a node-redis (v5) client: scripts and a few reads. Every write is a Lua
 * script, so each one is atomic on the Redis server however many nodes share it.
 */
export interface RedisCommands {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  hGet(key: string, field: string): Promise<unknown>;
  hmGet(key: string, fields: string[]): Promise<unknown>;
  hVals(key: string): Promise<unknown>;
  hGetAll(key: string): Promise<unknown>;
  sCard(key: string): Promise<unknown>;
  exists(key: string): Promise<unknown>;
  zCard(key: string): Promise<unknown>;
}

/** Key names (see redis-scripts.ts), all under one prefix. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  room(roomId: RoomId): string {
    return this.key(`room:${roomId}`);
  }

  door(kind: 'door' | 'removed' | 'knocks', roomId: RoomId): string {
    return this.key(`${kind}:${roomId}`);
  }

  /** An admitted knock's key is this followed by its knock id. */
  ticketPrefix(roomId: RoomId): string {
    return this.key(`ticket:${roomId}:`);
  }
}

/** EVALSHA, loading the script with EVAL the first time a Redis has not seen it (or restarted). */
export async function runScript(
  redis: RedisCommands,
  script: Script,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await redis.evalSha(script.sha1, { keys, arguments: args });
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, { keys, arguments: args });
  }
}

/** A peer's place in a room hash. */
export interface StoredPlace {
  /** Join order. */
  n: number;
  owner: string;
  nonce?: string;
  deviceKey?: string;
  peer: Peer;
}

export function parsePlace(raw: string): StoredPlace {
  return JSON.parse(raw) as StoredPlace;
}

export function inJoinOrder(raws: string[]): Peer[] {
  return raws
    .map(parsePlace)
    .sort((a, b) => a.n - b.n)
    .map((r) => r.peer);
}
