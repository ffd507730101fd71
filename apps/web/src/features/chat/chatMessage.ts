import { z } from 'zod';

/** Characters (code points, as a person counts them) one chat message may hold. */
export const CHAT_MAX_CHARS = 2_000;

export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** What goes over the control channel. Names are not sent: the receiver knows who is on the link. */
export const chatMessageSchema = z.object({
  type: z.literal('chat'),
  id: z.string().min(1).max(64),
  // Two UTF-16 units per character at most, then the real count.
  text: z
    .string()
    .min(1)
    .max(CHAT_MAX_CHARS * 2)
    .refine((text) => text.trim() !== '' && charCount(text) <= CHAT_MAX_CHARS),
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

/** What the composer may send: trimmed, not empty, within the limit. */
export function checkDraft(draft: string): DraftCheck {
  const text = draft.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const count = charCount(text);
  if (count > CHAT_MAX_CHARS) return { ok: false, reason: 'too-long', over: count - CHAT_MAX_CHARS };
  return { ok: true, text };
}
