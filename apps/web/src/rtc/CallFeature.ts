import type { LinkKeys } from './fingerprints';

/** What an in-call feature may do with one peer connection; it never owns one. */
export interface LinkHandle {
  readonly connectionState: RTCPeerConnectionState;
  getStats(): Promise<RTCStatsReport>;
  /** Opens a data channel of ours (the other side gets it through its `channel` callback). */
  createChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel;
}

/**
 * An in-call feature (chat, file transfer, link quality...) that rides on the peer connections.
 * The peer mesh tells it when a link comes and goes and hands it every data channel.
 */
export interface CallFeature {
  linkAdded?(peerId: string, link: LinkHandle): void;
  channel?(peerId: string, channel: RTCDataChannel): void;
  /** Both ends' DTLS fingerprints on this link, after the first negotiation and on every change. */
  keys?(peerId: string, keys: LinkKeys): void;
  linkRemoved?(peerId: string): void;
  dispose?(): void;
}
