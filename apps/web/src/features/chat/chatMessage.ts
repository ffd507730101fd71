import { cleanText } from '@parley/protocol/text';

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

export type { ChatWireMessage } from './chatSchema';

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
