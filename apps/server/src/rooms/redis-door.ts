import type { Peer, PeerId, RoomId, RoomState } from '@parley/protocol';
import type {
  DoorStore,
  DoorView,
  Ending,
  HeldKnock,
  KnockOutcome,
  KnockRecord,
  Removal,
  Succession,
  SweptKnock,
} from './door.js';
import { inJoinOrder, parsePlace, type RedisCommands, type RedisKeys, runScript } from './redis-client.js';
import { SCRIPTS, SWEEP_LIMIT } from './redis-scripts.js';

interface StoredKnock extends KnockRecord {
  /** Arrival order. */
  n: number;
}

/**
 * The door half of RedisRoomStore (see door.ts for the rules): lock, password, knocks, hosts,
 * removal and the end of a room, each one Lua script. Joins check the door in the join script
 * itself (redis-store.ts), so a lock and a join never race.
 */
export class RedisDoor implements DoorStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly keys: RedisKeys,
    /** How long an ended seat is remembered: the lifetime of a session token. */
    private readonly endedTtlMs: number,
    /** A knock not renewed for this long is swept: its knocker's node is taken for dead. */
    private readonly leaseMs: number,
    /** Updates a peer (redis-store.ts owns the update script). */
    private readonly update: (
      roomId: RoomId,
      peerId: PeerId,
      changes: { host: true },
    ) => Promise<Peer | undefined>,
  ) {}

  async door(roomId: RoomId): Promise<DoorView> {
    const [fields, open] = await Promise.all([
      this.redis.hGetAll(this.keys.door('door', roomId)) as Promise<Record<string, string>>,
      this.redis.exists(this.keys.room(roomId)),
    ]);
    // An empty room's door is about to go (see `handover`); the next joiner starts a new room.
    if (Number(open) === 0) return { locked: false, passwordHash: undefined };
    return { locked: fields.locked === '1', passwordHash: fields.pw };
  }

  setLocked(roomId: RoomId, locked: boolean): Promise<RoomState | undefined> {
    return this.setDoor(roomId, 'locked', locked ? '1' : '');
  }

  setPassword(roomId: RoomId, passwordHash: string | undefined): Promise<RoomState | undefined> {
    return this.setDoor(roomId, 'pw', passwordHash ?? '');
  }

  async knock(roomId: RoomId, knock: KnockRecord, cap: number): Promise<KnockOutcome> {
    const record: KnockRecord = { knockId: knock.knockId, name: knock.name, sid: knock.sid };
    return (await this.run(
      SCRIPTS.knock,
      [
        this.keys.room(roomId),
        this.keys.door('knocks', roomId),
        this.keys.key('seq'),
        this.keys.key('knockleases'),
      ],
      [knock.knockId, JSON.stringify(record), String(cap), String(this.leaseMs), knockMember(roomId, knock)],
    )) as KnockOutcome;
  }

  /** Renews the leases of the knocks a node holds; answers those no longer waiting. */
  async renewKnocks(knocks: HeldKnock[]): Promise<HeldKnock[]> {
    if (knocks.length === 0) return [];
    const missing = (await this.run(
      SCRIPTS.renew,
      [this.keys.key('knockleases')],
      [this.keys.key('knocks:'), String(this.leaseMs), ...knocks.map((k) => knockMember(k.roomId, k))],
    )) as string[];
    return missing.map((member) => {
      const space = member.indexOf(' ');
      return { roomId: member.slice(0, space), knockId: member.slice(space + 1) };
    });
  }

  /** Removes the knocks whose lease ran out (their node died), and answers them. */
  async sweepKnocks(): Promise<SweptKnock[]> {
    const removed = (await this.run(
      SCRIPTS.sweepKnocks,
      [this.keys.key('knockleases')],
      [this.keys.prefix, String(SWEEP_LIMIT)],
    )) as [string, string][];
    return removed.flatMap(([roomId, raw]) => knocksInOrder([raw]).map((knock) => ({ roomId, knock })));
  }

  async knocks(roomId: RoomId): Promise<KnockRecord[]> {
    return knocksInOrder((await this.redis.hVals(this.keys.door('knocks', roomId))) as string[]);
  }

  async withdraw(roomId: RoomId, knockId: string, sid: string): Promise<KnockRecord | undefined> {
    const reply = (await this.run(SCRIPTS.withdraw, [this.keys.door('knocks', roomId)], [knockId, sid])) as
      | string
      | null;
    return reply === null ? undefined : knocksInOrder([reply])[0];
  }

  async answer(
    roomId: RoomId,
    knockIds: string[] | 'all',
    admit: boolean,
    ticketTtlMs: number,
  ): Promise<KnockRecord[]> {
    if (knockIds !== 'all' && knockIds.length === 0) return [];
    const reply = (await this.run(
      SCRIPTS.answer,
      [this.keys.door('knocks', roomId)],
      [
        admit ? '1' : '0',
        String(ticketTtlMs),
        this.keys.ticketPrefix(roomId),
        ...(knockIds === 'all' ? [] : knockIds),
      ],
    )) as string[];
    return knocksInOrder(reply);
  }

  promote(roomId: RoomId, peerId: PeerId): Promise<Peer | undefined> {
    return this.update(roomId, peerId, { host: true });
  }

  async handover(roomId: RoomId): Promise<Succession> {
    const [outcome, ...rest] = (await this.run(
      SCRIPTS.handover,
      [
        this.keys.room(roomId),
        this.keys.door('door', roomId),
        this.keys.door('removed', roomId),
        this.keys.door('knocks', roomId),
      ],
      [],
    )) as string[];
    if (outcome === 'closed') return { promoted: undefined, closed: knocksInOrder(rest) };
    const promoted = outcome === 'promoted' && rest[0] ? parsePlace(rest[0]).peer : undefined;
    return { promoted, closed: [] };
  }

  async remove(roomId: RoomId, peerId: PeerId): Promise<Removal | undefined> {
    const reply = (await this.run(
      SCRIPTS.leave,
      [
        this.keys.room(roomId),
        this.keys.key('rooms'),
        this.keys.key('leases'),
        this.keys.door('removed', roomId),
      ],
      [roomId, peerId, '', this.keys.prefix, String(this.endedTtlMs), '1'],
    )) as string | null;
    if (reply === null) return undefined;
    const { peer, owner } = parsePlace(reply);
    return { peer, owner };
  }

  async end(roomId: RoomId): Promise<Ending> {
    const [records, knocks] = (await this.run(
      SCRIPTS.end,
      [
        this.keys.room(roomId),
        this.keys.key('rooms'),
        this.keys.key('leases'),
        this.keys.door('door', roomId),
        this.keys.door('removed', roomId),
        this.keys.door('knocks', roomId),
      ],
      [roomId, this.keys.prefix, String(this.endedTtlMs)],
    )) as [string[], string[]];
    return { peers: inJoinOrder(records), knocks: knocksInOrder(knocks) };
  }

  private async setDoor(roomId: RoomId, field: string, value: string): Promise<RoomState | undefined> {
    const reply = (await this.run(
      SCRIPTS.door,
      [this.keys.room(roomId), this.keys.door('door', roomId)],
      [field, value],
    )) as [number, number] | null;
    return reply === null ? undefined : { locked: reply[0] === 1, hasPassword: reply[1] === 1 };
  }

  private run(script: (typeof SCRIPTS)[keyof typeof SCRIPTS], keys: string[], args: string[]) {
    return runScript(this.redis, script, keys, args);
  }
}

const knockMember = (roomId: RoomId, { knockId }: { knockId: string }): string => `${roomId} ${knockId}`;

function knocksInOrder(raws: string[]): KnockRecord[] {
  return raws
    .map((raw) => JSON.parse(raw) as StoredKnock)
    .sort((a, b) => a.n - b.n)
    .map(({ knockId, name, sid }) => ({ knockId, name, sid }));
}
