import type { Page } from '@playwright/test';

/**
 * What each of a page's peer connections was doing, for the report of a failed test: states, what
 * every sender is told to encode (its encodings) and what it sent, and what every receiver got and
 * decoded. "The newcomer never decoded" then says which side stopped: a sender with no track, an
 * inactive encoding, packets sent but none received, or received but never decoded.
 */
export async function rtcReport(page: Page): Promise<string> {
  try {
    const report = await page.evaluate(rtcSummary);
    return JSON.stringify(report, null, 1);
  } catch (error) {
    return `could not read the peer connections: ${String(error)}`;
  }
}

async function rtcSummary(): Promise<unknown[]> {
  const pick = (stats: RTCStats & Record<string, unknown>, keys: string[]) =>
    Object.fromEntries(keys.filter((k) => stats[k] !== undefined).map((k) => [k, stats[k]]));
  return Promise.all(
    (window.__e2ePeerConnections ?? []).map(async (pc) => {
      const rtp: unknown[] = [];
      if (pc.connectionState !== 'closed') {
        (await pc.getStats()).forEach((s: RTCStats & Record<string, unknown>) => {
          if (s.type === 'outbound-rtp') {
            rtp.push(
              pick(s, [
                'type',
                'kind',
                'mid',
                'active',
                'bytesSent',
                'framesEncoded',
                'frameWidth',
                'qualityLimitationReason',
              ]),
            );
          } else if (s.type === 'inbound-rtp') {
            rtp.push(
              pick(s, ['type', 'kind', 'mid', 'bytesReceived', 'framesDecoded', 'frameWidth', 'packetsLost']),
            );
          }
        });
      }
      return {
        connection: pc.connectionState,
        signaling: pc.signalingState,
        ice: pc.iceConnectionState,
        transceivers: pc.getTransceivers().map((t) => ({
          mid: t.mid,
          direction: t.direction,
          current: t.currentDirection,
          sending: t.sender.track ? `${t.sender.track.kind} ${t.sender.track.readyState}` : null,
          encodings: t.sender.getParameters().encodings,
          receiving: `${t.receiver.track.kind} muted=${t.receiver.track.muted}`,
        })),
        rtp,
      };
    }),
  );
}
