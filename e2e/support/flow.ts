/**
 * "Media flows" (../shared/E2E.md), measured the same way in any engine: a page function that
 * samples every remote <video> and every recorded peer connection's inbound counters, and a
 * comparison of two samples taken a second apart. Playwright (Chromium) and puppeteer-core
 * (Firefox) both run `mediaSample` through their own `page.evaluate`.
 */

export interface RemoteVideoSample {
  peerId: string;
  kind: string;
  videoWidth: number;
  currentTime: number;
  frames: number;
}

export interface ConnectionSample {
  /** Position among the page's peer connections, stable for the page's lifetime. */
  index: number;
  /** inbound-rtp video `framesDecoded`, summed. */
  framesDecoded: number;
  /** inbound-rtp audio `totalSamplesReceived` (decoded samples played out), summed. */
  audioSamples: number;
  /** Codecs of the inbound streams, e.g. `video/VP8`. */
  codecs: string[];
}

export interface MediaSample {
  videos: RemoteVideoSample[];
  connections: ConnectionSample[];
}

/** Runs in the page (no closure over Node values): needs the `__e2ePeerConnections` recorder. */
export async function mediaSample(): Promise<MediaSample> {
  const videos = [...document.querySelectorAll('video[data-peer-id]')].map((element) => {
    const video = element as HTMLVideoElement;
    return {
      peerId: video.dataset.peerId ?? '',
      kind: video.dataset.kind ?? '',
      videoWidth: video.videoWidth,
      currentTime: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
    };
  });
  const all = window.__e2ePeerConnections ?? [];
  const connections = await Promise.all(
    all.map(async (pc, index) => {
      const row = { index, framesDecoded: 0, audioSamples: 0, codecs: [] as string[] };
      if (pc.connectionState !== 'connected') return row;
      const stats = await pc.getStats();
      stats.forEach((report) => {
        if (report.type !== 'inbound-rtp') return;
        if (report.kind === 'video') row.framesDecoded += report.framesDecoded ?? 0;
        if (report.kind === 'audio') row.audioSamples += report.totalSamplesReceived ?? 0;
        const codec = report.codecId ? stats.get(report.codecId) : undefined;
        if (codec?.mimeType && !row.codecs.includes(codec.mimeType)) row.codecs.push(codec.mimeType);
      });
      return row;
    }),
  );
  return { videos, connections };
}

export interface Flow {
  /** Peer ids whose video of this kind has a picture and advances. */
  decoding: (kind: 'camera' | 'screen') => string[];
  /** Peer ids shown with a video of this kind, decoding or not. */
  shown: (kind: 'camera' | 'screen') => string[];
  /** How many connections decode more video frames, and more audio samples, than before. */
  videoConnections: number;
  audioConnections: number;
  codecs: string[];
}

export function compare(before: MediaSample, after: MediaSample): Flow {
  const advanced = (a: RemoteVideoSample) => {
    const b = before.videos.find((v) => v.peerId === a.peerId && v.kind === a.kind);
    return a.videoWidth > 0 && b !== undefined && (a.currentTime > b.currentTime || a.frames > b.frames);
  };
  const grew = (key: 'framesDecoded' | 'audioSamples') =>
    after.connections.filter((a) => {
      const b = before.connections.find((c) => c.index === a.index);
      return b !== undefined && a[key] > b[key];
    }).length;
  return {
    decoding: (kind) => after.videos.filter((v) => v.kind === kind && advanced(v)).map((v) => v.peerId),
    shown: (kind) => after.videos.filter((v) => v.kind === kind).map((v) => v.peerId),
    videoConnections: grew('framesDecoded'),
    audioConnections: grew('audioSamples'),
    codecs: [...new Set(after.connections.flatMap((c) => c.codecs))].sort(),
  };
}

/** Samples twice, a second apart, through the given engine's evaluate. */
export async function measureFlow(evaluate: (fn: typeof mediaSample) => Promise<MediaSample>): Promise<Flow> {
  const before = await evaluate(mediaSample);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return compare(before, await evaluate(mediaSample));
}
