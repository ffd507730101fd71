import { z } from 'zod';
import { LIMITS, ROOM_ID_PATTERN } from './limits.js';

// Control characters have no place in a display name (they reorder or hide text).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match them
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const roomIdSchema = z.string().regex(ROOM_ID_PATTERN, 'not a room id');

export const peerIdSchema = z.string().min(1).max(LIMITS.PEER_ID_MAX);

export const nameSchema = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(LIMITS.NAME_MAX, `name is longer than ${LIMITS.NAME_MAX} characters`)
  .refine((s) => !CONTROL_CHARS.test(s), 'name contains control characters');

/** What a participant sends: microphone and camera. */
export const joinMediaSchema = z.object({
  audio: z.boolean(),
  video: z.boolean(),
});

/** What a participant is currently sending, as others see it. */
export const mediaStateSchema = z.object({
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
});

export const peerSchema = z.object({
  peerId: peerIdSchema,
  name: nameSchema,
  media: mediaStateSchema,
});

export const iceServerSchema = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

export const sessionDescriptionSchema = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.string().max(LIMITS.SDP_MAX, 'sdp too large').optional(),
});

export const iceCandidateSchema = z.object({
  candidate: z.string().max(LIMITS.CANDIDATE_MAX, 'candidate too large'),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(1024).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

// ---- client -> server ----

export const joinRequestSchema = z.object({
  roomId: roomIdSchema,
  name: nameSchema,
  media: joinMediaSchema,
});

export const leaveRequestSchema = z.object({});

const signalBody = z.union([
  z.object({ description: sessionDescriptionSchema, candidate: z.undefined().optional() }),
  z.object({ candidate: iceCandidateSchema, description: z.undefined().optional() }),
]);

export const signalRequestSchema = z.intersection(z.object({ to: peerIdSchema }), signalBody);

export const peerUpdateRequestSchema = z
  .object({
    name: nameSchema.optional(),
    media: mediaStateSchema.optional(),
  })
  .refine((u) => u.name !== undefined || u.media !== undefined, 'nothing to update');

// ---- server -> client ----

export const joinResponseSchema = z.object({
  self: z.object({ peerId: peerIdSchema }),
  peers: z.array(peerSchema),
  iceServers: z.array(iceServerSchema),
  maxPeers: z.number().int().positive(),
});

export const peerLeftSchema = z.object({ peerId: peerIdSchema });

export const signalMessageSchema = z.intersection(z.object({ from: peerIdSchema }), signalBody);

export type RoomId = z.infer<typeof roomIdSchema>;
export type PeerId = z.infer<typeof peerIdSchema>;
export type JoinMedia = z.infer<typeof joinMediaSchema>;
export type MediaState = z.infer<typeof mediaStateSchema>;
export type Peer = z.infer<typeof peerSchema>;
export type IceServer = z.infer<typeof iceServerSchema>;
export type SessionDescription = z.infer<typeof sessionDescriptionSchema>;
export type IceCandidate = z.infer<typeof iceCandidateSchema>;
export type JoinRequest = z.infer<typeof joinRequestSchema>;
export type LeaveRequest = z.infer<typeof leaveRequestSchema>;
export type SignalRequest = z.infer<typeof signalRequestSchema>;
export type PeerUpdateRequest = z.infer<typeof peerUpdateRequestSchema>;
export type JoinResponse = z.infer<typeof joinResponseSchema>;
export type PeerLeft = z.infer<typeof peerLeftSchema>;
export type SignalMessage = z.infer<typeof signalMessageSchema>;
