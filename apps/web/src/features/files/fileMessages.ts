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
  name: z.string().min(1).max(FILE_NAME_MAX),
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

/** A name safe to show and to suggest for saving: no path separators or control characters. */
export function cleanFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\]+/g, '_').trim();
  return cleaned === '' ? 'file' : cleaned.slice(0, FILE_NAME_MAX);
}
