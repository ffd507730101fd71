import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLINK_BUDGET_BPS, planUplink } from './uplink';

const budgetBps = DEFAULT_UPLINK_BUDGET_BPS;

describe('planUplink', () => {
  it('gives each remote peer an equal share of the budget', () => {
    for (const n of [2, 4, 6]) {
      const plan = planUplink({ budgetBps, remotePeers: n - 1, sendingCamera: true, sendingScreen: false });
      expect(plan.camera.maxBitrate * (n - 1)).toBeCloseTo(budgetBps, -2);
    }
  });

  it('weights a screen share above the camera and keeps the total', () => {
    const plan = planUplink({ budgetBps, remotePeers: 3, sendingCamera: true, sendingScreen: true });
    expect(plan.screen.maxBitrate).toBeGreaterThan(2 * plan.camera.maxBitrate);
    expect((plan.screen.maxBitrate + plan.camera.maxBitrate) * 3).toBeCloseTo(budgetBps, -2);
    expect(plan.screen.scaleResolutionDownBy).toBe(1);
  });

  it('lowers camera resolution when its share gets small', () => {
    const roomy = planUplink({ budgetBps, remotePeers: 1, sendingCamera: true, sendingScreen: false });
    const crowded = planUplink({ budgetBps, remotePeers: 9, sendingCamera: true, sendingScreen: false });
    const sharing = planUplink({
      budgetBps: 1_000_000,
      remotePeers: 7,
      sendingCamera: true,
      sendingScreen: true,
    });
    expect(roomy.camera.scaleResolutionDownBy).toBe(1);
    expect(crowded.camera.scaleResolutionDownBy).toBe(2);
    expect(sharing.camera.scaleResolutionDownBy).toBe(4);
  });

  it('never starves a sender below a floor, even alone in a tiny budget', () => {
    const plan = planUplink({ budgetBps: 10_000, remotePeers: 0, sendingCamera: true, sendingScreen: true });
    expect(plan.camera.maxBitrate).toBeGreaterThanOrEqual(60_000);
    expect(plan.screen.maxBitrate).toBeGreaterThanOrEqual(60_000);
  });
});
