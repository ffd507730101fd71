import { cleanText } from '@parley/protocol/text';

/** The largest file we offer or accept: the receiver holds it in memory until it is saved. */
export const FILE_MAX_BYTES = 200 * 1024 * 1024;
/** Safe for every browser's SCTP message size; large messages stall other channels. */
export const FILE_CHUNK_BYTES = 16 * 1024;
export const FILE_CHANNEL_PREFIX = 'file:';
export const FILE_NAME_MAX = 255;

/** What a transfer id may look like (the same rule as the offer's schema, without zod). */
export const TRANSFER_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

export type { FileAnswer, FileCancel, FileOffer } from './fileSchemas';

export function fileChannelLabel(id: string): string {
  return `${FILE_CHANNEL_PREFIX}${id}`;
}

/** The transfer id of a `file:<id>` channel label; null for any other label. */
export function transferIdOf(label: string): string | null {
  if (!label.startsWith(FILE_CHANNEL_PREFIX)) return null;
  const id = label.slice(FILE_CHANNEL_PREFIX.length);
  return TRANSFER_ID_PATTERN.test(id) ? id : null;
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
