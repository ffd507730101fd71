import { describe, expect, it } from 'vitest';
import {
  CLIENT_EVENTS,
  clientEventSchemas,
  fail,
  generateRoomId,
  isErrorCode,
  isValidRoomId,
  joinRequestSchema,
  LIMITS,
  ok,
  parseRoomInput,
  peerUpdateRequestSchema,
  ROOM_ID_ENTROPY_BITS,
  signalRequestSchema,
} from './index.js';

describe('room ids', () => {
  it('generates ids with at least 80 bits that match the room-id pattern', () => {
    expect(ROOM_ID_ENTROPY_BITS).toBeGreaterThanOrEqual(80);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = generateRoomId();
      expect(id).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
      expect(isValidRoomId(id)).toBe(true);
      seen.add(id);
    }
    expect(seen.size).toBe(2000);
  });

  it('uses every byte of randomness it is given', () => {
    const zeros = generateRoomId((b) => b.fill(0));
    const ones = generateRoomId((b) => b.fill(31));
    expect(zeros).toBe('0000-0000-0000-0000');
    expect(ones).toBe('zzzz-zzzz-zzzz-zzzz');
  });

  it('validates ids against the pattern', () => {
    expect(isValidRoomId('abc')).toBe(true);
    expect(isValidRoomId('ab')).toBe(false);
    expect(isValidRoomId('-abc')).toBe(false);
    expect(isValidRoomId('ABC')).toBe(false);
    expect(isValidRoomId('a'.repeat(64))).toBe(true);
    expect(isValidRoomId('a'.repeat(65))).toBe(false);
    expect(isValidRoomId(42)).toBe(false);
  });

  it('reads an id or a pasted link from the Room box', () => {
    expect(parseRoomInput('  k3vq-8d2m-x7rt-h4pa ')).toBe('k3vq-8d2m-x7rt-h4pa');
    expect(parseRoomInput('K3VQ-8D2M')).toBe('k3vq-8d2m');
    expect(parseRoomInput('https://parley.example/r/k3vq-8d2m-x7rt-h4pa')).toBe('k3vq-8d2m-x7rt-h4pa');
    expect(parseRoomInput('http://localhost:3000/r/team-sync?x=1#y')).toBe('team-sync');
    expect(parseRoomInput('https://parley.example/about')).toBeNull();
    expect(parseRoomInput('not a room!')).toBeNull();
    expect(parseRoomInput('')).toBeNull();
    expect(parseRoomInput('/r/%E0%A4%A')).toBeNull();
  });
});

describe('schemas', () => {
  const media = { audio: true, video: false };

  it('trims names and bounds them', () => {
    expect(joinRequestSchema.parse({ roomId: 'abc', name: '  Ada  ', media }).name).toBe('Ada');
    expect(joinRequestSchema.safeParse({ roomId: 'abc', name: '   ', media }).success).toBe(false);
    const long = 'x'.repeat(LIMITS.NAME_MAX + 1);
    expect(joinRequestSchema.safeParse({ roomId: 'abc', name: long, media }).success).toBe(false);
    expect(joinRequestSchema.parse({ roomId: 'abc', name: 'a\u202eb', media }).name).toBe('ab');
  });

  it('drops unknown keys, including __proto__', () => {
    const raw = JSON.parse(
      '{"roomId":"abc","name":"Ada","media":{"audio":true,"video":true},"__proto__":{"x":1}}',
    );
    const parsed = joinRequestSchema.parse(raw);
    expect(Object.keys(parsed)).toEqual(['roomId', 'name', 'media']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('accepts a description or a candidate, never both and never neither', () => {
    const description = { type: 'offer', sdp: 'v=0' };
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' };
    expect(signalRequestSchema.safeParse({ to: 'p1', description }).success).toBe(true);
    expect(signalRequestSchema.safeParse({ to: 'p1', candidate }).success).toBe(true);
    expect(signalRequestSchema.safeParse({ to: 'p1', candidate: { candidate: '' } }).success).toBe(true);
    expect(signalRequestSchema.safeParse({ to: 'p1', description, candidate }).success).toBe(false);
    expect(signalRequestSchema.safeParse({ to: 'p1' }).success).toBe(false);
    expect(signalRequestSchema.safeParse({ description }).success).toBe(false);
  });

  it('caps SDP and candidate sizes', () => {
    const big = { type: 'offer', sdp: 'x'.repeat(LIMITS.SDP_MAX + 1) };
    expect(signalRequestSchema.safeParse({ to: 'p1', description: big }).success).toBe(false);
    const bigCandidate = { candidate: 'x'.repeat(LIMITS.CANDIDATE_MAX + 1) };
    expect(signalRequestSchema.safeParse({ to: 'p1', candidate: bigCandidate }).success).toBe(false);
  });

  it('refuses an empty peer update', () => {
    expect(peerUpdateRequestSchema.safeParse({}).success).toBe(false);
    expect(
      peerUpdateRequestSchema.safeParse({ media: { audio: false, video: true, screen: false } }).success,
    ).toBe(true);
  });

  it('has a schema for every client event', () => {
    expect([...CLIENT_EVENTS].sort()).toEqual(
      [
        'hand',
        'host:lower-hand',
        'host:mute',
        'host:promote',
        'host:remove',
        'ice:refresh',
        'knock',
        'knock:answer',
        'knock:cancel',
        'peer:update',
        'reaction',
        'room:end',
        'room:join',
        'room:leave',
        'room:lock',
        'room:password',
        'signal',
      ].sort(),
    );
    for (const event of CLIENT_EVENTS) {
      expect(clientEventSchemas[event].safeParse(null).success).toBe(false);
    }
  });
});

describe('ack results', () => {
  it('builds ok and error results with known codes', () => {
    expect(ok({ a: 1 })).toEqual({ ok: true, data: { a: 1 } });
    expect(fail('room_full', 'full')).toEqual({ ok: false, error: { code: 'room_full', message: 'full' } });
    expect(isErrorCode('room_full')).toBe(true);
    expect(isErrorCode('ENOENT')).toBe(false);
  });
});

describe('room control payloads', () => {
  it('bounds passwords, device keys and reactions, and needs a target or all for a knock answer', () => {
    expect(clientEventSchemas['room:password'].safeParse({ password: 'x'.repeat(129) }).success).toBe(false);
    expect(clientEventSchemas['room:password'].safeParse({ password: null }).success).toBe(true);
    expect(joinRequestSchema.safeParse({ ...join, deviceKey: 'short' }).success).toBe(false);
    expect(joinRequestSchema.safeParse({ ...join, deviceKey: 'a'.repeat(22) }).success).toBe(true);
    expect(clientEventSchemas.reaction.safeParse({ reaction: '👍' }).success).toBe(true);
    expect(clientEventSchemas.reaction.safeParse({ reaction: '<script>' }).success).toBe(false);
    expect(clientEventSchemas['knock:answer'].safeParse({ admit: true }).success).toBe(false);
    expect(clientEventSchemas['knock:answer'].safeParse({ all: true, admit: true }).success).toBe(true);
    expect(clientEventSchemas['host:mute'].safeParse({ kind: 'video' }).success).toBe(false);
  });
});

const join = { roomId: 'room-one', name: 'Ada', media: { audio: true, video: true } };
