import { type PathSummary, summarizePath } from '../../rtc/pathStats';

/** Cumulative counters of one `getStats()` report, reduced to what the quality view needs. */
export interface StatsSnapshot {
  /** ms, from the report's own timestamps. */
  at: number;
  path: PathSummary | null;
  inbound: { packetsReceived: number; packetsLost: number; bytes: number };
  outbound: { bytes: number };
  /** The remote camera, when it is being received. */
  camera: VideoCounters | null;
  /** What we send of our camera (to this peer). */
  sentCamera: VideoCounters | null;
  audioCodec: string | null;
  /** The round trip the far end measured for our media (remote-inbound-rtp), ms. */
  remoteRoundTripMs: number | null;
}

export interface VideoCounters {
  frames: number;
  width: number | null;
  height: number | null;
  codec: string | null;
}

/** Numbers over the interval between two snapshots, as shown in the stats view. */
export interface LinkMeasures {
  /** Share of inbound packets lost, 0..1; null when too few packets to tell. */
  loss: number | null;
  roundTripMs: number | null;
  relayed: boolean;
  localCandidate: RTCIceCandidateType | null;
  remoteCandidate: RTCIceCandidateType | null;
  inBitrate: number;
  outBitrate: number;
  /** Frames per second of the remote camera; null when none arrived in the interval. */
  fps: number | null;
  resolution: string | null;
  sentResolution: string | null;
  videoCodec: string | null;
  audioCodec: string | null;
}

type Stat = Record<string, unknown> & { type: string; id: string };
type StatsLike = Pick<RTCStatsReport, 'forEach' | 'get'>;

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const optNum = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * Reads one report. `cameraTrackId` picks the remote camera among inbound videos (a shared screen
 * is also inbound video, and its low frame rate says nothing about the network).
 */
export function snapshotStats(report: StatsLike, cameraTrackId: string | null): StatsSnapshot {
  const snapshot: StatsSnapshot = {
    at: 0,
    path: summarizePath(report),
    inbound: { packetsReceived: 0, packetsLost: 0, bytes: 0 },
    outbound: { bytes: 0 },
    camera: null,
    sentCamera: null,
    audioCodec: null,
    remoteRoundTripMs: null,
  };
  const codec = (id: unknown): string | null => {
    const stat = typeof id === 'string' ? (report.get(id) as Stat | undefined) : undefined;
    const mime = stat?.mimeType;
    return typeof mime === 'string' ? mime.replace(/^(audio|video)\//, '') : null;
  };
  const video = (stat: Stat, frames: unknown): VideoCounters => ({
    frames: num(frames),
    width: optNum(stat.frameWidth),
    height: optNum(stat.frameHeight),
    codec: codec(stat.codecId),
  });
  let firstVideo: VideoCounters | null = null;
  report.forEach((stat: Stat) => {
    snapshot.at = Math.max(snapshot.at, num(stat.timestamp));
    if (stat.type === 'inbound-rtp') {
      snapshot.inbound.packetsReceived += num(stat.packetsReceived);
      snapshot.inbound.packetsLost += Math.max(0, num(stat.packetsLost));
      snapshot.inbound.bytes += num(stat.bytesReceived);
      if (stat.kind === 'audio') snapshot.audioCodec ??= codec(stat.codecId);
      if (stat.kind === 'video') {
        const counters = video(stat, stat.framesDecoded);
        firstVideo ??= counters;
        if (cameraTrackId !== null && stat.trackIdentifier === cameraTrackId) snapshot.camera = counters;
      }
    } else if (stat.type === 'outbound-rtp') {
      snapshot.outbound.bytes += num(stat.bytesSent);
      // The first video sender is the camera: its slot comes before the screen's (rtc/slots.ts).
      if (stat.kind === 'video' && !snapshot.sentCamera && num(stat.framesEncoded) > 0) {
        snapshot.sentCamera = video(stat, stat.framesEncoded);
      }
    } else if (stat.type === 'remote-inbound-rtp') {
      const rtt = optNum(stat.roundTripTime);
      if (rtt !== null) snapshot.remoteRoundTripMs = Math.max(snapshot.remoteRoundTripMs ?? 0, rtt * 1000);
    }
  });
  // Without a way to tell camera from screen, the first inbound video is the camera.
  if (cameraTrackId === null) snapshot.camera = firstVideo;
  return snapshot;
}

/** Fewer inbound packets than this in an interval say nothing about loss. */
const MIN_PACKETS = 20;

export function measure(previous: StatsSnapshot, current: StatsSnapshot): LinkMeasures {
  const seconds = Math.max(0.001, (current.at - previous.at) / 1000);
  const received = current.inbound.packetsReceived - previous.inbound.packetsReceived;
  const lost = Math.max(0, current.inbound.packetsLost - previous.inbound.packetsLost);
  const total = received + lost;
  const frames =
    current.camera && previous.camera ? current.camera.frames - previous.camera.frames : Number.NaN;
  const rtt = current.path?.roundTripMs ?? current.remoteRoundTripMs;
  return {
    loss: total >= MIN_PACKETS ? lost / total : null,
    roundTripMs: rtt === null ? null : Math.round(rtt),
    relayed: current.path?.relayed ?? false,
    localCandidate: current.path?.localType ?? null,
    remoteCandidate: current.path?.remoteType ?? null,
    inBitrate: Math.max(0, ((current.inbound.bytes - previous.inbound.bytes) * 8) / seconds),
    outBitrate: Math.max(0, ((current.outbound.bytes - previous.outbound.bytes) * 8) / seconds),
    fps: frames > 0 ? Math.round((frames / seconds) * 10) / 10 : null,
    resolution: resolutionOf(current.camera),
    sentResolution: resolutionOf(current.sentCamera),
    videoCodec: current.camera?.codec ?? current.sentCamera?.codec ?? null,
    audioCodec: current.audioCodec,
  };
}

function resolutionOf(video: VideoCounters | null): string | null {
  return video?.width && video.height ? `${video.width}×${video.height}` : null;
}
