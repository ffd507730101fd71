import { describe, expect, it } from 'vitest';
import { type LimitableSender, LinkLimits } from './LinkLimits';
import type { LinkEncoding, LinkPlan } from './sendPlan';

/**
 * A sender like Chromium's as far as these changes go: `setParameters` takes a while, and until it
 * is done `getParameters` still gives the encoding it replaces.
 */
class SlowSender implements LimitableSender {
  encoding: RTCRtpEncodingParameters = { active: true };
  sets = 0;

  getParameters(): RTCRtpSendParameters {
    return { encodings: [{ ...this.encoding }] } as unknown as RTCRtpSendParameters;
  }

  async setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    this.sets++;
    const next = { ...parameters.encodings[0] };
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.encoding = next;
  }
}

const on: LinkEncoding = { active: true, maxBitrate: 800_000, scaleResolutionDownBy: 1 };
const off: LinkEncoding = { ...on, active: false };
/** Longer than any one change takes: whatever was still in flight has landed. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 100));
const plan = (camera: LinkEncoding): LinkPlan => ({ camera, screen: off });

describe('LinkLimits', () => {
  it('ends with the last plan when plans flip faster than the sender applies them', async () => {
    const camera = new SlowSender();
    const screen = new SlowSender();
    const limits = new LinkLimits((kind) => (kind === 'camera' ? camera : screen));
    await limits.apply(plan(on));
    // Off, and on again before the sender is done turning it off.
    void limits.apply(plan(off));
    await limits.apply(plan(on));
    await settled();
    expect(camera.encoding.active).toBe(true);
    expect(camera.encoding.maxBitrate).toBe(800_000);
    expect(screen.encoding.active).toBe(false);
  });

  it('applies a burst as one change, and nothing when the plan is already in place', async () => {
    const camera = new SlowSender();
    const limits = new LinkLimits((kind) => (kind === 'camera' ? camera : undefined));
    await limits.apply(plan(on));
    expect(camera.sets).toBe(1);
    const burst = [off, on, off, on].map((encoding) => limits.apply(plan(encoding)));
    await Promise.all(burst);
    await settled();
    // The first turn already saw the last plan; the turns after it found nothing to change.
    expect(camera.sets).toBe(1);
    expect(camera.encoding.active).toBe(true);
  });

  it('applies the kept plan again once the sender has encodings', async () => {
    let camera: SlowSender | undefined;
    const limits = new LinkLimits(() => camera);
    await limits.apply(plan(off));
    camera = new SlowSender();
    await limits.reapply();
    expect(camera.encoding.active).toBe(false);
  });
});
