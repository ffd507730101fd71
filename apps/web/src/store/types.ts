import type { MediaState } from '@parley/protocol';

export type Phase = 'lobby' | 'joining' | 'in-call' | 'left';

/** How the signaling server link looks from here; media can keep flowing while it is down. */
export type SignalingStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export type ConnectionStatus = RTCPeerConnectionState;

export interface RemotePeer {
  peerId: string;
  name: string;
  media: MediaState;
  /** A host of the room (can let people in and moderate). */
  host: boolean;
  /** When their hand went up (server clock); null while down. */
  handRaisedAt: number | null;
  connection: ConnectionStatus;
  /** Remote camera video (present while the transceiver exists, whether or not frames flow). */
  camera: MediaStream | null;
  screen: MediaStream | null;
  audio: MediaStream | null;
}

/** The browser's own voice processing on the microphone; the person may turn each off (Settings). */
export interface AudioProcessing {
  noiseSuppression: boolean;
  echoCancellation: boolean;
}

export interface DeviceOption {
  deviceId: string;
  label: string;
}

/** Why a device could not be used; the UI turns each into a sentence and a way forward. */
export type DeviceProblem = 'permission-denied' | 'not-found' | 'in-use' | 'insecure-context' | 'unknown';

/** Why we are not (or no longer) in the call, or why something the person asked for failed. */
export type CallProblem =
  | 'room-full'
  | 'server-unreachable'
  | 'rejected'
  | 'screen-share-failed'
  | 'relay-refused'
  | 'password'
  | 'denied'
  | 'pip-refused';

export interface Notice<R extends string> {
  reason: R;
  message: string;
}
