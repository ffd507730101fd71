/** Small statistics for benchmark tables: medians, percentiles and a mergeable latency histogram. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// 1% wide buckets from 10 µs up: percentiles to within 1% at any scale, and a few
// thousand counters however many samples arrive. Plain arrays, so it crosses IPC as JSON.
const MIN_MS = 0.01;
const GROWTH = Math.log(1.01);

export interface HistogramData {
  counts: Record<string, number>;
  total: number;
  max: number;
}

export class Histogram {
  private counts = new Map<number, number>();
  total = 0;
  max = 0;

  record(ms: number): void {
    const value = Math.max(ms, MIN_MS);
    const bucket = Math.floor(Math.log(value / MIN_MS) / GROWTH);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total++;
    if (ms > this.max) this.max = ms;
  }

  merge(data: HistogramData): void {
    for (const [bucket, count] of Object.entries(data.counts)) {
      const b = Number(bucket);
      this.counts.set(b, (this.counts.get(b) ?? 0) + count);
    }
    this.total += data.total;
    this.max = Math.max(this.max, data.max);
  }

  /** Upper edge of the bucket holding the p-th percentile sample (ms); NaN when empty. */
  percentile(p: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket) ?? 0;
      if (seen >= rank) return Math.min(this.max, MIN_MS * Math.exp((bucket + 1) * GROWTH));
    }
    return this.max;
  }

  toJSON(): HistogramData {
    return { counts: Object.fromEntries(this.counts), total: this.total, max: this.max };
  }

  clear(): void {
    this.counts.clear();
    this.total = 0;
    this.max = 0;
  }
}
