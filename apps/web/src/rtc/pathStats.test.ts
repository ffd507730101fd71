import { describe, expect, it } from 'vitest';
import { summarizePath } from './pathStats';

function report(stats: Array<Record<string, unknown> & { id: string; type: string }>) {
  const map = new Map(stats.map((s) => [s.id, s]));
  return {
    forEach: (cb: (s: never) => void) => {
      for (const s of map.values()) cb(s as never);
    },
    get: (id: string) => map.get(id),
  };
}

const candidates = (local: string, remote: string) => [
  { id: 'L', type: 'local-candidate', candidateType: local },
  { id: 'R', type: 'remote-candidate', candidateType: remote },
  {
    id: 'P',
    type: 'candidate-pair',
    localCandidateId: 'L',
    remoteCandidateId: 'R',
    currentRoundTripTime: 0.042,
  },
];

describe('summarizePath', () => {
  it('reports a direct host path with its round trip', () => {
    const r = report([
      { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
      ...candidates('host', 'srflx'),
    ]);
    expect(summarizePath(r as never)).toEqual({
      relayed: false,
      localType: 'host',
      remoteType: 'srflx',
      roundTripMs: 42,
    });
  });

  it('reports a relayed path when either end is a relay candidate', () => {
    const local = report([
      { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
      ...candidates('relay', 'host'),
    ]);
    const remote = report([
      { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
      ...candidates('host', 'relay'),
    ]);
    expect(summarizePath(local as never)?.relayed).toBe(true);
    expect(summarizePath(remote as never)?.relayed).toBe(true);
  });

  it('finds the pair marked selected when there are no transport stats', () => {
    const stats = candidates('relay', 'relay');
    (stats[2] as Record<string, unknown>).selected = true;
    expect(summarizePath(report(stats) as never)?.relayed).toBe(true);
  });

  it('answers null before a pair is selected', () => {
    expect(
      summarizePath(report([{ id: 'T', type: 'transport' }, ...candidates('host', 'host')]) as never),
    ).toBeNull();
  });
});
