import { z } from 'zod';
import { REACTIONS } from './reactions.js';
import {
  deviceKeySchema,
  nameSchema,
  passwordSchema,
  peerIdSchema,
  roomIdSchema,
  ticketSchema,
} from './schemas.js';

/**
 * Room control: hosts, the door (lock, knock, password), moderation, hands and reactions.
 * Every event a host sends is authorised on the server: from anyone else it is answered
 * `forbidden` and changes nothing.
 */

export const knockIdSchema = z.string().min(1).max(64);

export const reactionSchema = z.enum(REACTIONS);

/** Who did something to you (a host), as shown to you. */
export const actorSchema = z.object({ peerId: peerIdSchema, name: nameSchema });

// ---- client -> server ----

/** Ask a locked room to let you in; answered at once with a knock id, later by `knock:result`. */
export const knockRequestSchema = z.object({
  roomId: roomIdSchema,
  name: nameSchema,
  deviceKey: deviceKeySchema.optional(),
});
export const knockResponseSchema = z.object({ knockId: knockIdSchema });
/** Withdraw your own knock (Cancel); closing the socket withdraws it too. */
export const knockCancelRequestSchema = z.object({});

/** A host answers knocks: one, or every waiting one (`all`). */
export const knockAnswerRequestSchema = z.union([
  z.object({ knockId: knockIdSchema, admit: z.boolean() }),
  z.object({ all: z.literal(true), admit: z.boolean() }),
]);

export const lockRequestSchema = z.object({ locked: z.boolean() });
/** Set (a string) or clear (null) the room password. */
export const passwordRequestSchema = z.object({ password: passwordSchema.nullable() });
export const promoteRequestSchema = z.object({ peerId: peerIdSchema });
export const removeRequestSchema = z.object({ peerId: peerIdSchema });
/**
 * Turn off someone's microphone (`audio`) or stop their screen share (`screen`); without `peerId`,
 * everyone's but the host's own (Mute everyone). Nobody can turn anyone's microphone on.
 */
export const muteRequestSchema = z.object({
  peerId: peerIdSchema.optional(),
  kind: z.enum(['audio', 'screen']),
});
export const lowerHandRequestSchema = z.object({ peerId: peerIdSchema });
export const endRequestSchema = z.object({});
/** Raise or lower your own hand; the server stamps when it went up, so hands are ordered. */
export const handRequestSchema = z.object({ raised: z.boolean() });
export const reactRequestSchema = z.object({ reaction: reactionSchema });

// ---- server -> client ----

/** To hosts: someone is waiting at the door. */
export const knockSchema = z.object({ knockId: knockIdSchema, name: nameSchema });
/** To hosts: a knock is no longer waiting (withdrawn, answered by a host, or expired). */
export const knockGoneSchema = z.object({ knockId: knockIdSchema });
/** To the knocker: admitted (join now with the ticket) or denied. */
export const knockResultSchema = z.union([
  z.object({ admitted: z.literal(true), ticket: ticketSchema }),
  z.object({ admitted: z.literal(false) }),
]);
/** To the target: a host turned off your microphone or stopped your screen share. */
export const mutedSchema = z.object({ kind: z.enum(['audio', 'screen']), by: actorSchema });
/** To the removed participant (then its socket leaves the room and its token is void). */
export const removedSchema = z.object({ by: actorSchema });
/** To everyone: a host ended the call for all. */
export const endedSchema = z.object({ by: actorSchema });
export const reactionMessageSchema = z.object({ from: peerIdSchema, reaction: reactionSchema });

export type Reaction = z.infer<typeof reactionSchema>;
export type Actor = z.infer<typeof actorSchema>;
export type KnockRequest = z.infer<typeof knockRequestSchema>;
export type KnockResponse = z.infer<typeof knockResponseSchema>;
export type KnockCancelRequest = z.infer<typeof knockCancelRequestSchema>;
export type KnockAnswerRequest = z.infer<typeof knockAnswerRequestSchema>;
export type LockRequest = z.infer<typeof lockRequestSchema>;
export type PasswordRequest = z.infer<typeof passwordRequestSchema>;
export type PromoteRequest = z.infer<typeof promoteRequestSchema>;
export type RemoveRequest = z.infer<typeof removeRequestSchema>;
export type MuteRequest = z.infer<typeof muteRequestSchema>;
export type LowerHandRequest = z.infer<typeof lowerHandRequestSchema>;
export type EndRequest = z.infer<typeof endRequestSchema>;
export type HandRequest = z.infer<typeof handRequestSchema>;
export type ReactRequest = z.infer<typeof reactRequestSchema>;
export type Knock = z.infer<typeof knockSchema>;
export type KnockGone = z.infer<typeof knockGoneSchema>;
export type KnockResult = z.infer<typeof knockResultSchema>;
export type Muted = z.infer<typeof mutedSchema>;
export type Removed = z.infer<typeof removedSchema>;
export type Ended = z.infer<typeof endedSchema>;
export type ReactionMessage = z.infer<typeof reactionMessageSchema>;
