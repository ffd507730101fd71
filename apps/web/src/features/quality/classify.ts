import type { LinkMeasures } from './stats';

export type QualityLevel = 'good' | 'fair' | 'poor';

export type QualityReason =
  | { kind: 'packet-loss'; level: QualityLevel; loss: number }
  | { kind: 'round-trip'; level: QualityLevel; ms: number }
  | { kind: 'relayed'; level: QualityLevel }
  | { kind: 'low-frame-rate'; level: QualityLevel; fps: number };

export interface QualityVerdict {
  level: QualityLevel;
  /** Worst first; empty when good. */
  reasons: QualityReason[];
}

/**
 * Where each signal turns fair and poor. Loss above a few percent is audible and freezes video;
 * beyond ~300 ms of round trip people talk over each other; a camera below ~10 fps looks choppy.
 * A relayed path is not bad in itself, but it adds a hop and is worth knowing about.
 */
export const THRESHOLDS = {
  loss: { fair: 0.02, poor: 0.08 },
  roundTripMs: { fair: 300, poor: 600 },
  fps: { fair: 10, poor: 5 },
} as const;

const RANK: Record<QualityLevel, number> = { good: 0, fair: 1, poor: 2 };

export function worse(a: QualityLevel, b: QualityLevel): QualityLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

/** `expectVideo`: their camera is on, so a low frame rate counts. */
export function classify(measures: LinkMeasures, expectVideo: boolean): QualityVerdict {
  const reasons: QualityReason[] = [];
  const { loss, roundTripMs, relayed, fps } = measures;
  if (loss !== null && loss >= THRESHOLDS.loss.fair) {
    reasons.push({ kind: 'packet-loss', level: loss >= THRESHOLDS.loss.poor ? 'poor' : 'fair', loss });
  }
  if (roundTripMs !== null && roundTripMs >= THRESHOLDS.roundTripMs.fair) {
    const level = roundTripMs >= THRESHOLDS.roundTripMs.poor ? 'poor' : 'fair';
    reasons.push({ kind: 'round-trip', level, ms: roundTripMs });
  }
  if (expectVideo && fps !== null && fps < THRESHOLDS.fps.fair) {
    reasons.push({ kind: 'low-frame-rate', level: fps < THRESHOLDS.fps.poor ? 'poor' : 'fair', fps });
  }
  if (relayed) reasons.push({ kind: 'relayed', level: 'fair' });
  reasons.sort((a, b) => RANK[b.level] - RANK[a.level]);
  const level = reasons.reduce<QualityLevel>((acc, r) => worse(acc, r.level), 'good');
  return { level, reasons };
}

/** A short phrase for one reason, as shown on the tile. */
export function describeReason(reason: QualityReason): string {
  switch (reason.kind) {
    case 'packet-loss':
      return `${Math.round(reason.loss * 100)}% packet loss`;
    case 'round-trip':
      return `slow network (${reason.ms} ms round trip)`;
    case 'relayed':
      return 'relayed through a server';
    case 'low-frame-rate':
      return `low frame rate (${Math.round(reason.fps)} fps)`;
  }
}

export function describeVerdict(verdict: QualityVerdict): string {
  const head = `Connection ${verdict.level}`;
  return verdict.reasons.length === 0 ? head : `${head}: ${verdict.reasons.map(describeReason).join(', ')}`;
}

/**
 * Steadies the verdict shown: getting worse shows at once (people need to know why it stutters),
 * getting better only after `samplesToImprove` better samples in a row, so one lucky interval
 * does not make the badge blink.
 */
export class QualityTracker {
  private shown: QualityVerdict | null = null;
  private better = 0;

  constructor(private readonly samplesToImprove = 2) {}

  next(verdict: QualityVerdict): QualityVerdict {
    const shown = this.shown;
    if (!shown || RANK[verdict.level] >= RANK[shown.level]) {
      this.better = 0;
      this.shown = verdict;
      return verdict;
    }
    this.better++;
    if (this.better >= this.samplesToImprove) {
      this.better = 0;
      this.shown = verdict;
      return verdict;
    }
    return shown;
  }
}
