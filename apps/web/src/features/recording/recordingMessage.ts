import '../../zod-config';
import { z } from 'zod';

/**
 * Over the control channel: "I started / stopped recording". Sent to everyone when it changes and
 * to each newcomer while it lasts, so nobody records through the UI without the others knowing.
 */
export const recordingMessageSchema = z.object({
  type: z.literal('recording'),
  active: z.boolean(),
});

export type RecordingMessage = z.infer<typeof recordingMessageSchema>;

export function parseRecordingMessage(value: unknown): RecordingMessage | null {
  const result = recordingMessageSchema.safeParse(value);
  return result.success ? result.data : null;
}
