import { z } from 'zod';
import { LIMITS, ROOM_ID_PATTERN } from './limits.js';
import { cleanText } from './text.js';

export const roomIdSchema = z.string().regex(ROOM_ID_PATTERN, 'not a room id');

export const peerIdSchema = z.string().min(1).max(LIMITS.PEER_ID_MAX);

/**
 * A display name as the server stores and shows it: cleaned (see `cleanText`: no controls, nothing
 * invisible, well-formed), then trimmed and 1..NAME_MAX characters. What was sent is bounded first,
 * so cleaning never runs over more than a few times the longest name.
 */
export const nameSchema = z
  .string()
  .max(LIMITS.NAME_MAX * 4, { abort: true, message: `name is longer than ${LIMITS.NAME_MAX} characters` })
  .overwrite((name) => cleanText(name))
  .trim()
  .min(1, 'name is empty')
  .max(LIMITS.NAME_MAX, `name is longer than ${LIMITS.NAME_MAX} characters`);

/** What a participant sends: microphone and camera (and, when resuming mid-share, the screen). */
export const joinMediaSchema = z.object({
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean().optional(),
});

/** What a participant is currently sending, as others see it. */
export const mediaStateSchema = z.object({
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
});

// ---- room control (the rest is in control.ts) ----

/** A room password as typed: bounded before anything hashes it. */
export const passwordSchema = z
  .string()
  .min(1, 'password is empty')
  .max(128, 'password is longer than 128 characters');

/**
 * A random per-browser key the client keeps (localStorage) and sends with `room:join` and `knock`.
 * A participant removed from a room must knock to come back with this key for the rest of that call.
 */
export const deviceKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a device key');

/** An admission ticket: server-signed, for one room, short-lived; presented in `room:join`. */
export const ticketSchema = z.string().min(1).max(512);

/** What everyone in a room knows about its door. */
export const roomStateSchema = z.object({
  locked: z.boolean(),
  hasPassword: z.boolean(),
});

export const peerSchema = z.object({
  peerId: peerIdSchema,
  name: nameSchema,
  media: mediaStateSchema,
  /** Hosts control the door and can moderate; the room's first participant is one. */
  host: z.boolean(),
  /** When the hand went up (server clock, ms since epoch): hands are listed in this order. */
  handRaisedAt: z.number().int().positive().optional(),
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

/** Proof that a reconnecting client is the peer it was: both come from its last join ack. */
export const resumeSchema = z.object({
  peerId: peerIdSchema,
  token: z.string().min(1).max(LIMITS.SESSION_TOKEN_MAX),
});

export const joinRequestSchema = z.object({
  roomId: roomIdSchema,
  name: nameSchema,
  media: joinMediaSchema,
  /** Rejoin as the same peer after the signaling link dropped (server restart, network change). */
  resume: resumeSchema.optional(),
  /** Needed when the room has a password (answered `wrong_password` otherwise). */
  password: passwordSchema.optional(),
  /** From `knock:result`: lets this join through a locked door. */
  ticket: ticketSchema.optional(),
  deviceKey: deviceKeySchema.optional(),
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

export const sessionSchema = z.object({
  /** Presented in `resume` to come back as the same peer. */
  token: z.string(),
  /** How long the server keeps a disconnected peer in the room before announcing `peer:left`. */
  graceMs: z.number().int().nonnegative(),
});

export const joinResponseSchema = z.object({
  self: z.object({ peerId: peerIdSchema }),
  peers: z.array(peerSchema),
  iceServers: z.array(iceServerSchema),
  maxPeers: z.number().int().positive(),
  session: sessionSchema,
  /** When minted TURN credentials in `iceServers` expire (ms since epoch); absent without TURN. */
  iceExpiresAt: z.number().int().positive().optional(),
  /** 'relay' makes every browser use TURN only (hides addresses; proves the relay path in tests). */
  iceTransportPolicy: z.enum(['all', 'relay']).optional(),
  /** What each participant may send in all, shared over its copies; absent: the client's default. */
  uplinkBudgetBps: z.number().int().positive().optional(),
  /** True when this join resumed an existing peer (the others were not told of a new one). */
  resumed: z.boolean(),
  /** The door as it is now; `room:state` says when it changes. */
  room: roomStateSchema,
  /** Whether you are a host (also in your own `Peer` as others see it). */
  host: z.boolean(),
});

export const iceRefreshRequestSchema = z.object({});

export const iceRefreshResponseSchema = z.object({
  iceServers: z.array(iceServerSchema),
  iceExpiresAt: z.number().int().positive().optional(),
});

export const peerLeftSchema = z.object({ peerId: peerIdSchema });

export const signalMessageSchema = z.intersection(z.object({ from: peerIdSchema }), signalBody);

export type RoomId = z.infer<typeof roomIdSchema>;
export type PeerId = z.infer<typeof peerIdSchema>;
export type JoinMedia = z.infer<typeof joinMediaSchema>;
export type MediaState = z.infer<typeof mediaStateSchema>;
export type Peer = z.infer<typeof peerSchema>;
export type RoomState = z.infer<typeof roomStateSchema>;
export type IceServer = z.infer<typeof iceServerSchema>;
export type SessionDescription = z.infer<typeof sessionDescriptionSchema>;
export type IceCandidate = z.infer<typeof iceCandidateSchema>;
export type JoinRequest = z.infer<typeof joinRequestSchema>;
export type LeaveRequest = z.infer<typeof leaveRequestSchema>;
export type SignalRequest = z.infer<typeof signalRequestSchema>;
export type PeerUpdateRequest = z.infer<typeof peerUpdateRequestSchema>;
export type JoinResponse = z.infer<typeof joinResponseSchema>;
export type Resume = z.infer<typeof resumeSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type IceRefreshRequest = z.infer<typeof iceRefreshRequestSchema>;
export type IceRefreshResponse = z.infer<typeof iceRefreshResponseSchema>;
export type PeerLeft = z.infer<typeof peerLeftSchema>;
export type SignalMessage = z.infer<typeof signalMessageSchema>;
