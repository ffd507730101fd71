import { type BrowserContext, expect, type Locator, type Page } from '@playwright/test';

// "Media flows" (../shared/E2E.md) means frames keep arriving, not that a connection says
// "connected": a <video> whose size is known and whose playback advances, or inbound-rtp
// counters that grow.

declare global {
  interface Window {
    __e2ePeerConnections?: RTCPeerConnection[];
  }
}

export interface VideoSample {
  videoWidth: number;
  videoHeight: number;
  currentTime: number;
  /** `getVideoPlaybackQuality().totalVideoFrames`. */
  frames: number;
  paused: boolean;
}

export interface PollOptions {
  /** How long the condition may take to become true; default 15 s. */
  timeout?: number;
}

const WINDOW_MS = 1_000;

/** Two samples of a `<video>`, `windowMs` apart. */
export async function sampleVideo(
  video: Locator,
  windowMs = WINDOW_MS,
): Promise<{ before: VideoSample; after: VideoSample }> {
  return video.evaluate(async (element, ms) => {
    if (!(element instanceof HTMLVideoElement)) {
      throw new Error(`expected a <video>, got <${element.localName}>`);
    }
    const sample = () => ({
      videoWidth: element.videoWidth,
      videoHeight: element.videoHeight,
      currentTime: element.currentTime,
      frames: element.getVideoPlaybackQuality().totalVideoFrames,
      paused: element.paused,
    });
    const before = sample();
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { before, after: sample() };
  }, windowMs);
}

/** Waits until the `<video>` has a picture and its playback advances over about a second. */
export async function expectVideoDecoding(
  video: Locator,
  { timeout = 15_000 }: PollOptions = {},
): Promise<void> {
  await expect(async () => {
    const { before, after } = await sampleVideo(video);
    expect(after.videoWidth, 'videoWidth').toBeGreaterThan(0);
    const advancing = after.currentTime > before.currentTime || after.frames > before.frames;
    expect(advancing, `playback advances (${JSON.stringify({ before, after })})`).toBe(true);
  }).toPass({ timeout, intervals: [250] });
}

/**
 * Waits until `videos` matches `count` elements and every one of them has a picture whose playback
 * advances, all sampled over the same second (a mesh's nine videos take one second, not nine).
 */
export async function expectEveryVideoDecoding(
  videos: Locator,
  count: number,
  { timeout = 15_000 }: PollOptions = {},
): Promise<void> {
  await expect(videos).toHaveCount(count, { timeout });
  await expect(async () => {
    const samples = await videos.evaluateAll(async (elements, ms) => {
      const sample = (element: HTMLVideoElement) => ({
        videoWidth: element.videoWidth,
        currentTime: element.currentTime,
        frames: element.getVideoPlaybackQuality().totalVideoFrames,
      });
      const list = elements.filter((e): e is HTMLVideoElement => e instanceof HTMLVideoElement);
      const before = list.map(sample);
      await new Promise((resolve) => setTimeout(resolve, ms));
      return list.map((element, i) => ({
        peer: element.dataset.peerId,
        before: before[i],
        after: sample(element),
      }));
    }, WINDOW_MS);
    expect(samples, 'videos').toHaveLength(count);
    const stuck = samples.filter(
      ({ before, after }) =>
        !before ||
        after.videoWidth === 0 ||
        !(after.currentTime > before.currentTime || after.frames > before.frames),
    );
    expect(stuck, 'videos without a picture or whose playback does not advance').toEqual([]);
  }).toPass({ timeout, intervals: [250] });
}

/**
 * Records every `RTCPeerConnection` the pages of `context` create, so tests can read their
 * stats without the app exposing anything. Call before the page loads (the participant
 * fixture does it for every participant).
 */
export async function trackPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(recordPeerConnections);
}

/** The page-side half of `trackPeerConnections`, also run as Firefox's preload script. */
export function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  if (!Native || window.__e2ePeerConnections) return;
  const created: RTCPeerConnection[] = [];
  window.__e2ePeerConnections = created;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      created.push(this);
    }
  };
}

export interface InboundCounters {
  /** Position among the page's peer connections, stable for the page's lifetime. */
  index: number;
  connectionState: RTCPeerConnectionState;
  /** Video: sum of `framesDecoded`; audio: sum of `bytesReceived`, over the inbound-rtp streams. */
  count: number;
}

/** Inbound counters of every open (not closed) peer connection of `page`. */
export async function inboundCounters(page: Page, kind: 'audio' | 'video'): Promise<InboundCounters[]> {
  return page.evaluate(async (kind) => {
    const all = window.__e2ePeerConnections ?? [];
    const rows = await Promise.all(
      all.map(async (pc, index) => {
        let count = 0;
        if (pc.connectionState !== 'closed') {
          (await pc.getStats()).forEach((report) => {
            if (report.type !== 'inbound-rtp' || report.kind !== kind) return;
            count += (kind === 'video' ? report.framesDecoded : report.bytesReceived) ?? 0;
          });
        }
        return { index, connectionState: pc.connectionState, count };
      }),
    );
    return rows.filter((row) => row.connectionState !== 'closed');
  }, kind);
}

/** Waits until at least `peers` open peer connections of `page` keep receiving `kind` media. */
export async function expectInboundFlowing(
  page: Page,
  kind: 'audio' | 'video',
  { peers = 1, timeout = 15_000 }: PollOptions & { peers?: number } = {},
): Promise<void> {
  await expect(async () => {
    const before = await inboundCounters(page, kind);
    await page.waitForTimeout(WINDOW_MS);
    const after = await inboundCounters(page, kind);
    const growing = after.filter((row) => {
      const earlier = before.find((b) => b.index === row.index);
      return earlier !== undefined && row.count > earlier.count;
    });
    expect(
      growing.length,
      `connections receiving ${kind}: ${JSON.stringify({ before, after })}`,
    ).toBeGreaterThanOrEqual(peers);
  }).toPass({ timeout, intervals: [250] });
}
