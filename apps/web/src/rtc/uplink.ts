/**
 * The uplink budget. In a mesh every participant sends one copy of their video to each of the
 * others, so a fixed budget is shared: each copy gets budget / (N - 1). A shared screen is
 * weighted above the camera (its text must stay legible), and a camera whose share is small is
 * also sent at lower resolution, which looks better than a full-size picture starved of bits.
 */

export const DEFAULT_UPLINK_BUDGET_BPS = 2_500_000;

export interface EncodingLimits {
  maxBitrate: number;
  scaleResolutionDownBy: number;
}

export interface UplinkPlan {
  camera: EncodingLimits;
  screen: EncodingLimits;
}

export interface UplinkInput {
  budgetBps: number;
  /** Participants we send to (N - 1). */
  remotePeers: number;
  sendingCamera: boolean;
  sendingScreen: boolean;
}

/** With both on, the screen gets this share of each copy's bits and the camera the rest. */
const SCREEN_WEIGHT = 0.75;
const MIN_VIDEO_BPS = 60_000;

export function planUplink({
  budgetBps,
  remotePeers,
  sendingCamera,
  sendingScreen,
}: UplinkInput): UplinkPlan {
  const perPeer = budgetBps / Math.max(1, remotePeers);
  const both = sendingCamera && sendingScreen;
  const camera = Math.max(MIN_VIDEO_BPS, Math.round(both ? perPeer * (1 - SCREEN_WEIGHT) : perPeer));
  const screen = Math.max(MIN_VIDEO_BPS, Math.round(both ? perPeer * SCREEN_WEIGHT : perPeer));
  return {
    camera: { maxBitrate: camera, scaleResolutionDownBy: cameraScale(camera) },
    screen: { maxBitrate: screen, scaleResolutionDownBy: 1 },
  };
}

/** VGA needs ~300 kbit/s to look right, QVGA ~150: below those, send fewer pixels. */
function cameraScale(bitrate: number): number {
  if (bitrate < 150_000) return 4;
  if (bitrate < 300_000) return 2;
  return 1;
}
