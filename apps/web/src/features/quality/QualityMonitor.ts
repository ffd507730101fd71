import type { CallFeature, LinkHandle } from '../../rtc/CallFeature';
import type { CallStoreApi } from '../../store/callStore';
import { classify, QualityTracker } from './classify';
import { createQualityStore, type QualityStoreApi } from './qualityStore';
import { measure, type StatsSnapshot, snapshotStats } from './stats';

export const QUALITY_INTERVAL_MS = 2_000;

interface Watched {
  link: LinkHandle;
  previous: StatsSnapshot | null;
  tracker: QualityTracker;
}

/** Samples every link's stats every two seconds and keeps a verdict and the numbers per peer. */
export class QualityMonitor implements CallFeature {
  readonly store: QualityStoreApi = createQualityStore();
  private readonly watched = new Map<string, Watched>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private sampling = false;

  constructor(
    private readonly call: CallStoreApi,
    private readonly intervalMs = QUALITY_INTERVAL_MS,
  ) {}

  linkAdded(peerId: string, link: LinkHandle): void {
    this.watched.set(peerId, { link, previous: null, tracker: new QualityTracker() });
    this.timer ??= setInterval(() => void this.sample(), this.intervalMs);
  }

  linkRemoved(peerId: string): void {
    this.watched.delete(peerId);
    this.store.getState().remove(peerId);
    if (this.watched.size === 0) this.stop();
  }

  dispose(): void {
    this.watched.clear();
    this.stop();
    this.store.getState().reset();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sample(): Promise<void> {
    // A slow getStats must not pile up samples behind it.
    if (this.sampling) return;
    this.sampling = true;
    try {
      await Promise.all([...this.watched].map(([peerId, watched]) => this.sampleOne(peerId, watched)));
    } finally {
      this.sampling = false;
    }
  }

  private async sampleOne(peerId: string, watched: Watched): Promise<void> {
    const peer = this.call.getState().peers.get(peerId);
    if (!peer || watched.link.connectionState !== 'connected') return;
    let report: RTCStatsReport;
    try {
      report = await watched.link.getStats();
    } catch {
      return;
    }
    if (this.watched.get(peerId) !== watched) return;
    const cameraTrackId = peer.camera?.getVideoTracks()[0]?.id ?? null;
    const snapshot = snapshotStats(report, cameraTrackId);
    const previous = watched.previous;
    watched.previous = snapshot;
    if (!previous || snapshot.at <= previous.at) return;
    const measures = measure(previous, snapshot);
    const verdict = watched.tracker.next(classify(measures, peer.media.video));
    this.store.getState().set(peerId, { verdict, measures });
  }
}
