import '../../zod-config';
import { z } from 'zod';
import { CHAT_MAX_CHARS, charCount, cleanChatText } from './chatMessage';

// zod comes with this module, loaded after join with the other control-message validators
// (features/control/validators.ts): the lobby and join path stay without it.

/**
 * What goes over the control channel. Names are not sent: the receiver knows who is on the link.
 * The text is cleaned as it is parsed, so what is stored and shown is the cleaned text.
 */
export const chatMessageSchema = z.object({
  type: z.literal('chat'),
  id: z.string().min(1).max(64),
  // Two UTF-16 units per character at most, then the real count.
  text: z
    .string()
    .max(CHAT_MAX_CHARS * 2, { abort: true })
    .overwrite(cleanChatText)
    .refine((text) => text !== '' && charCount(text) <= CHAT_MAX_CHARS),
  sentAt: z.number().finite(),
});

export type ChatWireMessage = z.infer<typeof chatMessageSchema>;

/** The message as received, or null when it is malformed (it is then dropped). */
export function parseChatMessage(value: unknown): ChatWireMessage | null {
  const result = chatMessageSchema.safeParse(value);
  return result.success ? result.data : null;
}
