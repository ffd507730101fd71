/**
 * What a page receives of each remote video, read from the inbound-rtp stats of the receiver that
 * feeds each `<video data-peer-id>`, plus the inbound video bytes of every connection (which still
 * count when the app shows no video element, e.g. in audio-only mode). A page function, run by
 * Playwright (Chromium) and puppeteer-core (Firefox) alike; needs the `__e2ePeerConnections` recorder.
 */

export interface ReceivedVideo {
  peerId: string;
  kind: string;
  /** inbound-rtp frameWidth: the size the sender encodes for us (0 before a frame). */
  frameWidth: number;
}

export interface Received {
  videos: ReceivedVideo[];
  /** inbound-rtp video bytesReceived of each open connection, by its recorder index. */
  bytes: Record<string, number>;
}

export async function receivedSample(): Promise<Received> {
  const connections = (window.__e2ePeerConnections ?? []).filter((pc) => pc.connectionState !== 'closed');
  const videos = await Promise.all(
    [...document.querySelectorAll('video[data-peer-id]')].map(async (element) => {
      const video = element as HTMLVideoElement;
      const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0];
      let frameWidth = 0;
      for (const pc of connections) {
        const receiver = pc.getReceivers().find((r) => track !== undefined && r.track === track);
        if (!receiver) continue;
        (await receiver.getStats()).forEach((report) => {
          if (report.type === 'inbound-rtp') frameWidth = report.frameWidth ?? 0;
        });
      }
      return { peerId: video.dataset.peerId ?? '', kind: video.dataset.kind ?? '', frameWidth };
    }),
  );
  const bytes: Record<string, number> = {};
  const all = window.__e2ePeerConnections ?? [];
  await Promise.all(
    all.map(async (pc, index) => {
      if (pc.connectionState === 'closed') return;
      let sum = 0;
      (await pc.getStats()).forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') sum += report.bytesReceived ?? 0;
      });
      bytes[String(index)] = sum;
    }),
  );
  return { videos, bytes };
}

/** Connections whose inbound video bytes grew between two samples. */
export function videoFlowing(before: Received, after: Received): string[] {
  return Object.keys(after.bytes).filter((key) => (after.bytes[key] ?? 0) > (before.bytes[key] ?? 0));
}

/** Emulates the page being hidden or shown again (another tab, a minimised window). */
export function setPageHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', {
    value: hidden ? 'hidden' : 'visible',
    configurable: true,
  });
  Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}
