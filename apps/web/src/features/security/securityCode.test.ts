// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fingerprintsOf } from '../../rtc/fingerprints';
import { formatCode, linkCode, roomCode } from './securityCode';

const A = 'sha-256 AA:01';
const B = 'sha-256 BB:02';
const C = 'sha-256 CC:03';
const M = 'sha-256 EE:99';

describe('security codes', () => {
  it('are five groups of five digits', async () => {
    expect(await linkCode('room-1', { local: [A], remote: [B] })).toMatch(/^\d{5}( \d{5}){4}$/);
    expect(formatCode(new Uint8Array(32))).toBe('00000 00000 00000 00000 00000');
  });

  it('are the same at both ends of a link', async () => {
    const atA = await linkCode('room-1', { local: [A], remote: [B] });
    const atB = await linkCode('room-1', { local: [B], remote: [A] });
    expect(atA).toBe(atB);
  });

  it('change when either fingerprint changes (a key swapped in the middle)', async () => {
    const honest = await linkCode('room-1', { local: [A], remote: [B] });
    expect(await linkCode('room-1', { local: [A], remote: [M] })).not.toBe(honest);
    expect(await linkCode('room-1', { local: [M], remote: [B] })).not.toBe(honest);
  });

  it('depend on the room', async () => {
    const keys = { local: [A], remote: [B] };
    expect(await linkCode('room-1', keys)).not.toBe(await linkCode('room-2', keys));
  });

  it('give the whole room one code whatever the order of links and ends', async () => {
    const atA = await roomCode('room-1', [
      { local: [A], remote: [B] },
      { local: [A], remote: [C] },
    ]);
    const atB = await roomCode('room-1', [
      { local: [B], remote: [C] },
      { local: [B], remote: [A] },
    ]);
    const atC = await roomCode('room-1', [
      { local: [C], remote: [B] },
      { local: [C], remote: [A] },
    ]);
    expect(atB).toBe(atA);
    expect(atC).toBe(atA);
    // The server swaps the key on one link: the codes at its two ends no longer match the others'.
    const swapped = await roomCode('room-1', [
      { local: [A], remote: [M] },
      { local: [A], remote: [C] },
    ]);
    expect(swapped).not.toBe(atC);
  });
});

describe('fingerprintsOf', () => {
  it('reads session- and media-level lines, normalised, without repeats', () => {
    const sdp = [
      'v=0',
      'a=fingerprint:SHA-256 ab:cd:ef',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=fingerprint:sha-256 AB:CD:EF',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=fingerprint:sha-384 01:02',
      '',
    ].join('\r\n');
    expect(fingerprintsOf(sdp)).toEqual(['sha-256 AB:CD:EF', 'sha-384 01:02']);
    expect(fingerprintsOf('v=0\r\n')).toEqual([]);
  });
});
