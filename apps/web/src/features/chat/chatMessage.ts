import { cleanText } from '@parley/protocol';
import { z } from 'zod';

/** Characters (code points, as a person counts them) one chat message may hold. */
export const CHAT_MAX_CHARS = 2_000;

export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Chat text as it is shown: well-formed, without controls or invisible characters, trimmed. */
export function cleanChatText(text: string): string {
  return cleanText(text, { multiline: true }).trim();
}

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

export type DraftCheck =
  | { ok: true; text: string }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'too-long'; over: number };

/** What the composer may send: cleaned as others will see it, not empty, within the limit. */
export function checkDraft(draft: string): DraftCheck {
  const text = cleanChatText(draft);
  if (text === '') return { ok: false, reason: 'empty' };
  const count = charCount(text);
  if (count > CHAT_MAX_CHARS) return { ok: false, reason: 'too-long', over: count - CHAT_MAX_CHARS };
  return { ok: true, text };
}
