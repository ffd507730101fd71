import { describe, expect, it } from 'vitest';
import { planSending, quantiseHeight, type SendPlanInput, type ViewRequest } from './sendPlan';
import { DEFAULT_UPLINK_BUDGET_BPS, planUplink } from './uplink';

const budgetBps = DEFAULT_UPLINK_BUDGET_BPS;

function input(
  requests: Record<string, ViewRequest | null>,
  over: Partial<SendPlanInput> = {},
): SendPlanInput {
  return {
    budgetBps,
    sendingCamera: true,
    sendingScreen: false,
    cameraHeight: 480,
    screenHeight: 720,
    requests: new Map(Object.entries(requests)),
    ...over,
  };
}

const total = (plans: Map<string, { camera: { maxBitrate: number; active: boolean } }>) =>
  [...plans.values()].reduce((sum, p) => sum + (p.camera.active ? p.camera.maxBitrate : 0), 0);

describe('quantiseHeight', () => {
  it('rounds up to the next step, keeping a step for tiles slightly above it', () => {
    expect(quantiseHeight(0)).toBe(0);
    expect(quantiseHeight(120)).toBe(180);
    expect(quantiseHeight(190)).toBe(180);
    expect(quantiseHeight(300)).toBe(360);
    expect(quantiseHeight(1000)).toBe(1080);
    expect(quantiseHeight(9999)).toBe(2160);
  });
});

describe('planSending', () => {
  it('without any request, every link gets exactly the old equal share', () => {
    const plans = planSending(input({ a: null, b: null, c: null }));
    const legacy = planUplink({ budgetBps, remotePeers: 3, sendingCamera: true, sendingScreen: false });
    for (const plan of plans.values()) {
      expect(plan.camera).toEqual({ ...legacy.camera, active: true });
      expect(plan.camera.maxFramerate).toBeUndefined();
    }
  });

  it('sends each receiver the size it shows: full for the speaker, scaled and slower for thumbnails', () => {
    const plans = planSending(input({ big: { camera: 720, screen: 0 }, t1: { camera: 180, screen: 0 } }));
    const big = plans.get('big')?.camera;
    const thumb = plans.get('t1')?.camera;
    expect(big).toMatchObject({ active: true, scaleResolutionDownBy: 1, maxFramerate: undefined });
    expect(thumb).toMatchObject({ active: true, scaleResolutionDownBy: 2.67, maxFramerate: 15 });
    expect(big?.maxBitrate).toBeGreaterThan(3 * (thumb?.maxBitrate ?? 0));
  });

  it('does not encode what a receiver does not show', () => {
    const plans = planSending(
      input({ hidden: { camera: 0, screen: 0 }, shown: { camera: 360, screen: 0 } }, { sendingScreen: true }),
    );
    expect(plans.get('hidden')?.camera.active).toBe(false);
    expect(plans.get('hidden')?.screen.active).toBe(false);
    expect(plans.get('shown')?.camera.active).toBe(true);
    expect(plans.get('shown')?.screen.active).toBe(false);
  });

  it('stays within the budget with several receivers asking different sizes', () => {
    for (const sizes of [
      [1080, 1080, 1080, 1080, 1080],
      [720, 180, 180, 180, 180, 180, 180, 180],
      [360, 90, 0, 720],
    ]) {
      const requests = Object.fromEntries(sizes.map((h, i) => [`p${i}`, { camera: h, screen: 0 }]));
      const plans = planSending(input(requests));
      expect(total(plans)).toBeLessThanOrEqual(budgetBps + 1);
    }
  });

  it('a large copy starved of bits is sent smaller rather than blurred', () => {
    const requests = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`p${i}`, { camera: 720, screen: 0 }]),
    );
    const plans = planSending(input(requests, { budgetBps: 600_000 }));
    const camera = plans.get('p0')?.camera;
    expect(camera?.maxBitrate).toBe(75_000);
    expect(camera?.scaleResolutionDownBy).toBeGreaterThanOrEqual(2);
  });

  it('mixes links that asked with links that did not, each side in its share', () => {
    const plans = planSending(input({ old: null, thumb: { camera: 180, screen: 0 } }));
    const legacy = planUplink({ budgetBps, remotePeers: 2, sendingCamera: true, sendingScreen: false });
    expect(plans.get('old')?.camera).toEqual({ ...legacy.camera, active: true });
    expect(plans.get('thumb')?.camera.maxBitrate).toBeLessThanOrEqual(budgetBps / 2);
  });

  it('keeps a shared screen at the size asked, weighted above the camera', () => {
    const plans = planSending(
      input({ a: { camera: 180, screen: 1080 }, b: { camera: 180, screen: 1080 } }, { sendingScreen: true }),
    );
    const a = plans.get('a');
    expect(a?.screen).toMatchObject({ active: true, scaleResolutionDownBy: 1 });
    expect(a?.screen.maxBitrate).toBeGreaterThan(3 * (a?.camera.maxBitrate ?? 0));
    expect(a?.camera.scaleResolutionDownBy).toBeCloseTo(480 / 180, 1);
  });
});
