import '../../zod-config';
import { z } from 'zod';
import { REQUEST_HEIGHTS, type ViewRequest } from '../../rtc/sendPlan';

const height = z.union([z.literal(0), ...REQUEST_HEIGHTS.map((h) => z.literal(h))]);

/**
 * A receiver's request over the control channel: the heights (device pixels, one of
 * REQUEST_HEIGHTS) at which it shows the sender's camera and screen, 0 for not at all.
 */
export const viewMessageSchema = z.object({
  type: z.literal('view'),
  camera: height,
  screen: height,
});

/** What we send (a request whose heights are already quantised). */
export type ViewWireMessage = { type: 'view' } & ViewRequest;

/** The request as received, or null when it is malformed (it is then dropped). */
export function parseViewMessage(value: unknown): ViewRequest | null {
  const result = viewMessageSchema.safeParse(value);
  return result.success ? { camera: result.data.camera, screen: result.data.screen } : null;
}
