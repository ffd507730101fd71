import { describe, expect, it } from 'vitest';
import { measure, snapshotStats } from './stats';

/** A getStats()-shaped report from plain objects. */
function report(stats: Array<Record<string, unknown>>) {
  const map = new Map(stats.map((s) => [s.id as string, s]));
  return {
    get: (id: string) => map.get(id),
    forEach: (fn: (s: never) => void) => {
      for (const s of map.values()) fn(s as never);
    },
  } as unknown as RTCStatsReport;
}

function sample(
  t: number,
  { received = 0, lost = 0, bytes = 0, sent = 0, frames = 0, rtt = 0.02, relay = false },
) {
  return report([
    { id: 'T', type: 'transport', timestamp: t, selectedCandidatePairId: 'P' },
    {
      id: 'P',
      type: 'candidate-pair',
      timestamp: t,
      localCandidateId: 'L',
      remoteCandidateId: 'R',
      currentRoundTripTime: rtt,
    },
    { id: 'L', type: 'local-candidate', timestamp: t, candidateType: relay ? 'relay' : 'host' },
    { id: 'R', type: 'remote-candidate', timestamp: t, candidateType: 'host' },
    { id: 'C1', type: 'codec', timestamp: t, mimeType: 'video/VP8' },
    { id: 'C2', type: 'codec', timestamp: t, mimeType: 'audio/opus' },
    {
      id: 'A',
      type: 'inbound-rtp',
      kind: 'audio',
      timestamp: t,
      packetsReceived: received / 2,
      packetsLost: lost / 2,
      bytesReceived: bytes / 4,
      codecId: 'C2',
    },
    {
      id: 'V',
      type: 'inbound-rtp',
      kind: 'video',
      timestamp: t,
      trackIdentifier: 'cam',
      packetsReceived: received / 2,
      packetsLost: lost / 2,
      bytesReceived: (bytes * 3) / 4,
      framesDecoded: frames,
      frameWidth: 640,
      frameHeight: 480,
      codecId: 'C1',
    },
    // A shared screen: a few frames, it must not be mistaken for the camera.
    {
      id: 'S',
      type: 'inbound-rtp',
      kind: 'video',
      timestamp: t,
      trackIdentifier: 'screen',
      framesDecoded: frames / 20,
      frameWidth: 1280,
      frameHeight: 720,
    },
    {
      id: 'O',
      type: 'outbound-rtp',
      kind: 'video',
      timestamp: t,
      bytesSent: sent,
      framesEncoded: frames,
      frameWidth: 320,
      frameHeight: 240,
      codecId: 'C1',
    },
  ]);
}

describe('stats snapshots and measures', () => {
  it('turns two snapshots into rates, loss, frame rate and path', () => {
    const before = snapshotStats(
      sample(10_000, { received: 1000, lost: 0, bytes: 100_000, sent: 50_000, frames: 100 }),
      'cam',
    );
    const after = snapshotStats(
      sample(12_000, { received: 1200, lost: 10, bytes: 350_000, sent: 300_000, frames: 140, rtt: 0.045 }),
      'cam',
    );
    const m = measure(before, after);
    expect(m.inBitrate).toBe(1_000_000);
    expect(m.outBitrate).toBe(1_000_000);
    expect(m.loss).toBeCloseTo(10 / 210);
    expect(m.fps).toBe(20);
    expect(m.roundTripMs).toBe(45);
    expect(m.resolution).toBe('640×480');
    expect(m.sentResolution).toBe('320×240');
    expect(m.videoCodec).toBe('VP8');
    expect(m.audioCodec).toBe('opus');
    expect(m).toMatchObject({ relayed: false, localCandidate: 'host', remoteCandidate: 'host' });
  });

  it('reports a relayed path and no loss figure from too few packets', () => {
    const before = snapshotStats(sample(0, { received: 0, relay: true }), 'cam');
    const after = snapshotStats(sample(2_000, { received: 10, relay: true }), 'cam');
    const m = measure(before, after);
    expect(m.relayed).toBe(true);
    expect(m.loss).toBeNull();
    expect(m.fps).toBeNull();
  });
});
