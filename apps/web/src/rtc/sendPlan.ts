import { type EncodingLimits, planUplink } from './uplink';

/**
 * What each receiver asks of us, and what we then encode for it.
 *
 * In a mesh we encode one copy of our camera (and screen) per receiver. A receiver that says how
 * large it shows each of our videos (a request, see features/view/) gets a copy of that size: a
 * thumbnail is scaled down and capped in frame rate, a video it does not show at all (another
 * page, a hidden tab, audio-only) is not encoded. The uplink budget is shared between the copies
 * in proportion to what each needs. A receiver that never asked (an older client, a request still
 * on its way) gets today's equal share of planUplink.
 */

/** Device-pixel heights at which a receiver shows our camera and screen; 0: not shown. */
export interface ViewRequest {
  camera: number;
  screen: number;
}

export interface LinkEncoding extends EncodingLimits {
  /** false: nobody on this link shows it, so it is not encoded. */
  active: boolean;
  /** Set for thumbnails; undefined leaves the capture's rate. */
  maxFramerate?: number;
}

export interface LinkPlan {
  camera: LinkEncoding;
  screen: LinkEncoding;
}

export interface SendPlanInput {
  budgetBps: number;
  sendingCamera: boolean;
  sendingScreen: boolean;
  /** Heights of what we capture (0 when not known: no downscaling by size). */
  cameraHeight: number;
  screenHeight: number;
  /** Every link we send to, with what its receiver asked (null: it has not asked). */
  requests: ReadonlyMap<string, ViewRequest | null>;
}

/** Heights a request is rounded up to; a receiver quantises to these too (features/view/). */
export const REQUEST_HEIGHTS = [90, 180, 360, 720, 1080, 1440, 2160] as const;
const MAX_REQUEST_HEIGHT = 2160;
/** At or below this height a video is a thumbnail: fewer frames are enough. */
export const THUMBNAIL_HEIGHT = 180;
export const THUMBNAIL_FPS = { camera: 15, screen: 5 } as const;
const MIN_VIDEO_BPS = 60_000;

/** Bits per second that a picture of this height needs to look right (VP8, a talking head or text). */
function need(kind: 'camera' | 'screen', height: number): number {
  const pixels = (height * height * 4) / 3;
  // ~1 bit per 10 pixels per second at 20 fps for a camera; a screen's text wants more.
  const perPixel = kind === 'camera' ? 1.3 : 2;
  return Math.max(MIN_VIDEO_BPS, Math.round(pixels * perPixel));
}

/** The request a receiver would send for a video shown `cssHeight` × `dpr` pixels high. */
export function quantiseHeight(pixels: number): number {
  if (!(pixels > 0)) return 0;
  // A tile a few pixels above a step keeps that step: 10% upscaling is invisible.
  return REQUEST_HEIGHTS.find((h) => h >= pixels * 0.9) ?? MAX_REQUEST_HEIGHT;
}

export function planSending(input: SendPlanInput): Map<string, LinkPlan> {
  const { budgetBps, requests } = input;
  const links = Math.max(1, requests.size);
  const legacy = planUplink({
    budgetBps,
    remotePeers: links,
    sendingCamera: input.sendingCamera,
    sendingScreen: input.sendingScreen,
  });
  const today: LinkPlan = {
    camera: { ...legacy.camera, active: true },
    screen: { ...legacy.screen, active: true },
  };

  // Links that did not ask keep an equal share; the rest of the budget goes to those that did.
  const asked = [...requests].filter((entry): entry is [string, ViewRequest] => entry[1] !== null);
  const shared = budgetBps * (asked.length / links);

  interface Copy {
    peerId: string;
    kind: 'camera' | 'screen';
    height: number;
    need: number;
  }
  const copies: Copy[] = [];
  for (const [peerId, request] of asked) {
    for (const kind of ['camera', 'screen'] as const) {
      const sending = kind === 'camera' ? input.sendingCamera : input.sendingScreen;
      const source = kind === 'camera' ? input.cameraHeight : input.screenHeight;
      if (!sending || request[kind] <= 0) continue;
      const height = source > 0 ? Math.min(source, request[kind]) : request[kind];
      copies.push({ peerId, kind, height, need: need(kind, height) });
    }
  }
  const totalNeed = copies.reduce((sum, c) => sum + c.need, 0);

  const plans = new Map<string, LinkPlan>();
  for (const [peerId, request] of requests) {
    plans.set(
      peerId,
      request === null
        ? today
        : {
            camera: { ...legacy.camera, active: false },
            screen: { ...legacy.screen, active: false },
          },
    );
  }
  for (const copy of copies) {
    const plan = plans.get(copy.peerId) as LinkPlan;
    // In proportion to need; never more than twice what the size needs (a thumbnail would not use it).
    const bitrate = Math.max(
      MIN_VIDEO_BPS,
      Math.round(Math.min((shared * copy.need) / totalNeed, copy.need * 2)),
    );
    const source = copy.kind === 'camera' ? input.cameraHeight : input.screenHeight;
    // A camera starved of bits looks better smaller; text on a screen must keep its size.
    const height = copy.kind === 'camera' ? affordableHeight(copy.height, bitrate) : copy.height;
    plan[copy.kind] = {
      active: true,
      maxBitrate: bitrate,
      scaleResolutionDownBy: source > 0 ? Math.max(1, round2(source / height)) : 1,
      maxFramerate: copy.height <= THUMBNAIL_HEIGHT ? THUMBNAIL_FPS[copy.kind] : undefined,
    };
  }
  return plans;
}

/** The largest height at most `height` whose need fits in `bitrate` (half of it, at the smallest). */
function affordableHeight(height: number, bitrate: number): number {
  let h = height;
  while (h > REQUEST_HEIGHTS[0] && need('camera', h) > bitrate * 2) h /= 2;
  return h;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
