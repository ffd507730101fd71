import type { LinkEncoding, LinkPlan } from './sendPlan';

/** The part of RTCRtpSender that limits what it encodes. */
export interface LimitableSender {
  getParameters(): RTCRtpSendParameters;
  setParameters(parameters: RTCRtpSendParameters): Promise<void>;
}

/**
 * Applies one link's send plan (sendPlan.ts) to its camera and screen senders, one change at a
 * time and always the latest plan.
 *
 * Serial on purpose: while a `setParameters` is in flight, reading the parameters may still give
 * what it replaces, so a plan that flips back (off for a moment, then on again, as a newcomer's
 * first requests do) would compare equal to the stale read, be skipped, and leave the encoding off.
 */
export class LinkLimits {
  private plan: LinkPlan | null = null;
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly senderOf: (kind: 'camera' | 'screen') => LimitableSender | undefined) {}

  /** Sets the plan and applies it once the changes before it are done. */
  apply(plan: LinkPlan): Promise<void> {
    this.plan = plan;
    this.applying = this.applying.then(() => this.applyLatest());
    return this.applying;
  }

  /** Applies the plan again (the senders' encodings exist only after their first negotiation). */
  reapply(): Promise<void> {
    return this.plan ? this.apply(this.plan) : Promise.resolve();
  }

  private async applyLatest(): Promise<void> {
    const plan = this.plan;
    if (!plan) return;
    await Promise.all([this.limit('camera', plan.camera), this.limit('screen', plan.screen)]);
  }

  private async limit(kind: 'camera' | 'screen', limits: LinkEncoding): Promise<void> {
    const sender = this.senderOf(kind);
    if (!sender) return;
    const parameters = sender.getParameters();
    const encoding = parameters.encodings?.[0];
    // No encodings before the sender's first negotiation; applied again once connected.
    if (!encoding) return;
    if (
      encoding.maxBitrate === limits.maxBitrate &&
      encoding.scaleResolutionDownBy === limits.scaleResolutionDownBy &&
      encoding.active === limits.active &&
      encoding.maxFramerate === limits.maxFramerate
    ) {
      return;
    }
    encoding.maxBitrate = limits.maxBitrate;
    encoding.scaleResolutionDownBy = limits.scaleResolutionDownBy;
    encoding.active = limits.active;
    if (limits.maxFramerate === undefined) delete encoding.maxFramerate;
    else encoding.maxFramerate = limits.maxFramerate;
    // A refused change (the link closing) leaves the last one; the next plan or connect tries again.
    await sender.setParameters(parameters).catch(() => undefined);
  }
}
