import { cleanText } from '@parley/protocol';
import { z } from 'zod';

/** The largest file we offer or accept: the receiver holds it in memory until it is saved. */
export const FILE_MAX_BYTES = 200 * 1024 * 1024;
/** Safe for every browser's SCTP message size; large messages stall other channels. */
export const FILE_CHUNK_BYTES = 16 * 1024;
export const FILE_CHANNEL_PREFIX = 'file:';
export const FILE_NAME_MAX = 255;

const transferId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/);

/** The sender proposes; nothing else happens until the receiver answers. */
export const fileOfferSchema = z.object({
  type: z.literal('file-offer'),
  id: transferId,
  // Shown and saved as cleaned here, whatever the sender sent.
  name: z.string().min(1).max(FILE_NAME_MAX).overwrite(cleanFileName),
  // Checked against FILE_MAX_BYTES by the receiver, who then says why it declined.
  size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  mime: z.string().max(255),
});

export const fileAnswerSchema = z.object({
  type: z.literal('file-answer'),
  id: transferId,
  accept: z.boolean(),
});

/** Either side stops the transfer (before or during the bytes). */
export const fileCancelSchema = z.object({
  type: z.literal('file-cancel'),
  id: transferId,
});

export type FileOffer = z.infer<typeof fileOfferSchema>;
export type FileAnswer = z.infer<typeof fileAnswerSchema>;
export type FileCancel = z.infer<typeof fileCancelSchema>;

export function fileChannelLabel(id: string): string {
  return `${FILE_CHANNEL_PREFIX}${id}`;
}

/** The transfer id of a `file:<id>` channel label; null for any other label. */
export function transferIdOf(label: string): string | null {
  if (!label.startsWith(FILE_CHANNEL_PREFIX)) return null;
  const id = label.slice(FILE_CHANNEL_PREFIX.length);
  return transferId.safeParse(id).success ? id : null;
}

/**
 * A name safe to show and to suggest for saving: cleaned (no controls, nothing invisible, so
 * `invoice\u202Efdp.exe` cannot pose as `invoiceexe.pdf`), no path separators, and one space where
 * there were many (a run of spaces would push `.exe` out of sight behind an ellipsis).
 */
export function cleanFileName(name: string): string {
  const cleaned = cleanText(name)
    .replace(/[/\\]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned === '') return 'file';
  const cut = cleaned.slice(0, FILE_NAME_MAX);
  // Cut between the halves of a surrogate pair, the last character would be half of one.
  return LONE_SURROGATE_AT_END.test(cut) ? cut.slice(0, -1) : cut;
}

const LONE_SURROGATE_AT_END = /\p{Cs}$/u;
