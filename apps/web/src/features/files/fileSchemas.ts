import '../../zod-config';
import { z } from 'zod';
import { cleanFileName, FILE_NAME_MAX, TRANSFER_ID_PATTERN } from './fileMessages';

// zod comes with this module, loaded after join with the other control-message validators
// (features/control/validators.ts): the lobby and join path stay without it.

const transferId = z.string().regex(TRANSFER_ID_PATTERN);

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
