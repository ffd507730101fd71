import { describe, expect, it } from 'vitest';
import { classify, describeVerdict, QualityTracker, type QualityVerdict } from './classify';
import type { LinkMeasures } from './stats';

const clean: LinkMeasures = {
  loss: 0,
  roundTripMs: 20,
  relayed: false,
  localCandidate: 'host',
  remoteCandidate: 'host',
  inBitrate: 900_000,
  outBitrate: 900_000,
  fps: 24,
  resolution: '640×480',
  sentResolution: '640×480',
  videoCodec: 'VP8',
  audioCodec: 'opus',
};

const kinds = (v: QualityVerdict) => v.reasons.map((r) => r.kind);

describe('quality classification', () => {
  it('is good with nothing to say on a clean direct link', () => {
    expect(classify(clean, true)).toEqual({ level: 'good', reasons: [] });
    expect(describeVerdict(classify(clean, true))).toBe('Connection good');
  });

  it('grades packet loss: a little is fair, a lot is poor', () => {
    expect(classify({ ...clean, loss: 0.01 }, true).level).toBe('good');
    expect(classify({ ...clean, loss: 0.03 }, true)).toMatchObject({
      level: 'fair',
      reasons: [{ kind: 'packet-loss' }],
    });
    expect(classify({ ...clean, loss: 0.12 }, true).level).toBe('poor');
    expect(describeVerdict(classify({ ...clean, loss: 0.12 }, true))).toBe(
      'Connection poor: 12% packet loss',
    );
  });

  it('grades the round trip', () => {
    expect(classify({ ...clean, roundTripMs: 299 }, true).level).toBe('good');
    expect(classify({ ...clean, roundTripMs: 350 }, true)).toMatchObject({
      level: 'fair',
      reasons: [{ kind: 'round-trip', ms: 350 }],
    });
    expect(classify({ ...clean, roundTripMs: 800 }, true).level).toBe('poor');
  });

  it('names a relayed path, as fair', () => {
    const verdict = classify({ ...clean, relayed: true, localCandidate: 'relay' }, true);
    expect(verdict).toMatchObject({ level: 'fair', reasons: [{ kind: 'relayed' }] });
    expect(describeVerdict(verdict)).toBe('Connection fair: relayed through a server');
  });

  it('judges the frame rate only while their camera is on', () => {
    expect(classify({ ...clean, fps: 8 }, true)).toMatchObject({
      level: 'fair',
      reasons: [{ kind: 'low-frame-rate' }],
    });
    expect(classify({ ...clean, fps: 3 }, true).level).toBe('poor');
    expect(classify({ ...clean, fps: 3 }, false).level).toBe('good');
    // No frames in the interval: nothing to judge (camera starting, or off).
    expect(classify({ ...clean, fps: null }, true).level).toBe('good');
  });

  it('says nothing about loss when too few packets arrived to tell', () => {
    expect(classify({ ...clean, loss: null, roundTripMs: null }, true).level).toBe('good');
  });

  it('lists every reason, worst first, and takes the worst level', () => {
    const verdict = classify({ ...clean, loss: 0.03, roundTripMs: 700, relayed: true, fps: 4 }, true);
    expect(verdict.level).toBe('poor');
    expect(kinds(verdict).slice(0, 2).sort()).toEqual(['low-frame-rate', 'round-trip']);
    expect(kinds(verdict).slice(2).sort()).toEqual(['packet-loss', 'relayed']);
  });
});

describe('quality tracker', () => {
  const good = classify(clean, true);
  const fair = classify({ ...clean, loss: 0.04 }, true);
  const poor = classify({ ...clean, loss: 0.2 }, true);

  it('shows a worse verdict at once', () => {
    const tracker = new QualityTracker();
    expect(tracker.next(good).level).toBe('good');
    expect(tracker.next(poor).level).toBe('poor');
  });

  it('shows a better verdict only after it holds for two samples', () => {
    const tracker = new QualityTracker(2);
    tracker.next(poor);
    expect(tracker.next(good).level).toBe('poor');
    expect(tracker.next(good).level).toBe('good');
  });

  it('does not blink when good and fair samples alternate', () => {
    const tracker = new QualityTracker(2);
    const shown = [fair, good, fair, good, fair, good].map((v) => tracker.next(v).level);
    expect(shown).toEqual(['fair', 'fair', 'fair', 'fair', 'fair', 'fair']);
  });
});
