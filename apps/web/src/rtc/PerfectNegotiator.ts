/**
 * Perfect negotiation, shaped like the W3C webrtc-pc example: either side may start a
 * negotiation at any time; when two offers collide the impolite side ignores the other's offer
 * and the polite side rolls its own back. In a mesh `polite` is derived from the two peer ids,
 * so both ends agree without talking about it.
 */

import type { IceCandidate, SessionDescription } from '@parley/protocol';

export type DescriptionInit = SessionDescription;
export type CandidateInit = IceCandidate;
export type OutgoingSignal = { description: DescriptionInit } | { candidate: CandidateInit };
export type IncomingSignal = { description?: DescriptionInit; candidate?: CandidateInit };

/** The part of RTCPeerConnection that negotiation uses, so the logic can be tested on its own. */
export interface NegotiablePeerConnection {
  readonly signalingState: RTCSignalingState;
  readonly localDescription: DescriptionInit | null;
  readonly remoteDescription: DescriptionInit | null;
  setLocalDescription(): Promise<void>;
  setRemoteDescription(description: DescriptionInit): Promise<void>;
  addIceCandidate(candidate: CandidateInit): Promise<void>;
}

export interface NegotiationLog {
  error(message: string, error: unknown): void;
}

export interface NegotiatorOptions {
  /**
   * Runs after a remote offer is applied and before we answer it: the moment to attach our own
   * tracks to the transceivers the offer created, so that the answer already carries them.
   */
  beforeAnswer?: () => Promise<void> | void;
  log?: NegotiationLog;
}

/** Both ends compute the same answer: the peer with the smaller id is the polite one. */
export function isPolite(selfId: string, remoteId: string): boolean {
  return selfId < remoteId;
}

export class PerfectNegotiator {
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  /** Candidates that reached us before any remote description did; applied right after it. */
  private earlyCandidates: CandidateInit[] = [];
  private inbox: Promise<void> = Promise.resolve();

  private readonly log: NegotiationLog;
  private readonly beforeAnswer: () => Promise<void> | void;

  constructor(
    private readonly pc: NegotiablePeerConnection,
    private readonly polite: boolean,
    private readonly send: (signal: OutgoingSignal) => void,
    { beforeAnswer = () => undefined, log = console }: NegotiatorOptions = {},
  ) {
    this.log = log;
    this.beforeAnswer = beforeAnswer;
  }

  /** Wire to `negotiationneeded`. */
  async negotiationNeeded(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description) this.send({ description: { type: description.type, sdp: description.sdp } });
    } catch (error) {
      this.log.error('[negotiation] could not make an offer', error);
    } finally {
      this.makingOffer = false;
    }
  }

  /** Wire to `icecandidate`; the end-of-candidates null needs no message. */
  localCandidate(candidate: RTCIceCandidateInit | null): void {
    if (!candidate?.candidate) return;
    const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
    this.send({ candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment } });
  }

  /**
   * Applies remote signals one at a time, in arrival order. Chrome checks for a remote description
   * when addIceCandidate is called, not when its turn on the operations chain comes, so a candidate
   * that closely follows an answer must wait until that answer is applied.
   */
  receive(signal: IncomingSignal): Promise<void> {
    const next = this.inbox.then(() => this.apply(signal));
    this.inbox = next;
    return next;
  }

  private async apply({ description, candidate }: IncomingSignal): Promise<void> {
    try {
      if (description) {
        await this.receiveDescription(description);
      } else if (candidate) {
        await this.receiveCandidate(candidate);
      }
    } catch (error) {
      this.log.error('[negotiation] could not apply a remote signal', error);
    }
  }

  private async receiveDescription(description: DescriptionInit): Promise<void> {
    const readyForOffer =
      !this.makingOffer && (this.pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
    const offerCollision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.polite && offerCollision;
    if (this.ignoreOffer) return;
    this.isSettingRemoteAnswerPending = description.type === 'answer';
    try {
      await this.pc.setRemoteDescription(description); // rolls a colliding local offer back by itself
    } finally {
      this.isSettingRemoteAnswerPending = false;
    }
    await this.flushEarlyCandidates();
    if (description.type === 'offer') {
      await this.beforeAnswer();
      await this.pc.setLocalDescription();
      const answer = this.pc.localDescription;
      if (answer) this.send({ description: { type: answer.type, sdp: answer.sdp } });
    }
  }

  private async receiveCandidate(candidate: CandidateInit): Promise<void> {
    if (!this.pc.remoteDescription && !this.isSettingRemoteAnswerPending && !this.ignoreOffer) {
      this.earlyCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates of an offer we ignored belong to a negotiation that never happened here.
      if (!this.ignoreOffer) throw error;
    }
  }

  private async flushEarlyCandidates(): Promise<void> {
    const pending = this.earlyCandidates;
    this.earlyCandidates = [];
    for (const candidate of pending) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        this.log.error('[negotiation] an early candidate did not apply', error);
      }
    }
  }
}
