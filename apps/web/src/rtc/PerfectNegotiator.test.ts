import { describe, expect, it, vi } from 'vitest';
import {
  type CandidateInit,
  type DescriptionInit,
  type IncomingSignal,
  isPolite,
  type NegotiablePeerConnection,
  type OutgoingSignal,
  PerfectNegotiator,
} from './PerfectNegotiator';

class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/**
 * A model of RTCPeerConnection's signaling state machine (JSEP): operations run one at a time on
 * an operations chain and finish asynchronously, and a remote offer rolls a local one back.
 */
class ModelPeerConnection implements NegotiablePeerConnection {
  signalingState: RTCSignalingState = 'stable';
  localDescription: DescriptionInit | null = null;
  remoteDescription: DescriptionInit | null = null;
  readonly candidates: CandidateInit[] = [];
  implicitRollbacks = 0;
  private offers = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly name: string) {}

  private enqueue(op: () => void): Promise<void> {
    const run = this.chain.then(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      op();
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  setLocalDescription(): Promise<void> {
    return this.enqueue(() => {
      if (this.signalingState === 'stable') {
        this.localDescription = { type: 'offer', sdp: `${this.name}-offer-${++this.offers}` };
        this.signalingState = 'have-local-offer';
      } else if (this.signalingState === 'have-remote-offer') {
        this.localDescription = {
          type: 'answer',
          sdp: `${this.name}-answer-to-${this.remoteDescription?.sdp}`,
        };
        this.signalingState = 'stable';
      } else {
        throw new InvalidStateError(`setLocalDescription in ${this.signalingState}`);
      }
    });
  }

  setRemoteDescription(description: DescriptionInit): Promise<void> {
    return this.enqueue(() => {
      if (description.type === 'offer') {
        if (this.signalingState === 'have-local-offer') {
          this.implicitRollbacks++;
          this.localDescription = null;
        } else if (this.signalingState !== 'stable') {
          throw new InvalidStateError(`remote offer in ${this.signalingState}`);
        }
        this.remoteDescription = description;
        this.signalingState = 'have-remote-offer';
      } else if (description.type === 'answer') {
        if (this.signalingState !== 'have-local-offer')
          throw new InvalidStateError('answer without an offer');
        this.remoteDescription = description;
        this.signalingState = 'stable';
      }
    });
  }

  addIceCandidate(candidate: CandidateInit): Promise<void> {
    return this.enqueue(() => {
      if (!this.remoteDescription) throw new InvalidStateError('candidate before a remote description');
      this.candidates.push(candidate);
    });
  }
}

interface Side {
  pc: ModelPeerConnection;
  negotiator: PerfectNegotiator;
  errors: unknown[];
  inbox: Promise<void>[];
}

/** Two ends joined by an in-order channel, like the signaling server; ids decide who is polite. */
function pair(aId = 'aaa', bId = 'bbb') {
  const sides: Record<'a' | 'b', Side> = {} as Record<'a' | 'b', Side>;
  const make = (self: 'a' | 'b', selfId: string, otherId: string): Side => {
    const pc = new ModelPeerConnection(self);
    const errors: unknown[] = [];
    const inbox: Promise<void>[] = [];
    const send = (signal: OutgoingSignal) => {
      const other = sides[self === 'a' ? 'b' : 'a'];
      // Delivered asynchronously, in order, as over a socket.
      const delivery = Promise.resolve().then(() => other.negotiator.receive(signal as IncomingSignal));
      other.inbox.push(delivery);
    };
    const negotiator = new PerfectNegotiator(pc, isPolite(selfId, otherId), send, {
      log: { error: (_message, error) => errors.push(error) },
      beforeAnswer: () => {
        hooks.push(`${self}:${pc.signalingState}:${pc.remoteDescription?.sdp}`);
      },
    });
    return { pc, negotiator, errors, inbox };
  };
  const hooks: string[] = [];
  sides.a = make('a', aId, bId);
  sides.b = make('b', bId, aId);
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      await Promise.all([...sides.a.inbox, ...sides.b.inbox]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return { ...sides, settle, hooks };
}

describe('isPolite', () => {
  it('gives exactly one polite side for any two ids', () => {
    expect(isPolite('a', 'b')).not.toBe(isPolite('b', 'a'));
    expect(isPolite('peer-9', 'peer-10')).not.toBe(isPolite('peer-10', 'peer-9'));
  });
});

describe('PerfectNegotiator', () => {
  it('completes a plain offer/answer', async () => {
    const { a, b, settle } = pair();
    await a.negotiator.negotiationNeeded();
    await settle();
    expect(a.pc.signalingState).toBe('stable');
    expect(b.pc.signalingState).toBe('stable');
    expect(b.pc.remoteDescription).toEqual({ type: 'offer', sdp: 'a-offer-1' });
    expect(a.pc.remoteDescription).toEqual({ type: 'answer', sdp: 'b-answer-to-a-offer-1' });
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('lets the answerer act between the remote offer and its answer, once per offer', async () => {
    const { a, b, settle, hooks } = pair();
    await a.negotiator.negotiationNeeded();
    await settle();
    // Called with the offer applied and the answer not yet made: the answer carries what it adds.
    expect(hooks).toEqual(['b:have-remote-offer:a-offer-1']);
    expect(b.pc.localDescription).toEqual({ type: 'answer', sdp: 'b-answer-to-a-offer-1' });
  });

  it('resolves glare: the impolite side ignores the colliding offer, the polite side rolls back', async () => {
    const { a, b, settle, hooks } = pair('aaa', 'bbb'); // 'aaa' < 'bbb': a is polite
    await Promise.all([a.negotiator.negotiationNeeded(), b.negotiator.negotiationNeeded()]);
    await settle();
    // b ignored a's offer (answered nothing); a rolled its own back and answered b's.
    expect(hooks).toEqual(['a:have-remote-offer:b-offer-1']);
    expect(a.pc.implicitRollbacks).toBe(1);
    expect(b.pc.implicitRollbacks).toBe(0);
    // The impolite side's offer won and was answered.
    expect(a.pc.remoteDescription?.sdp).toBe('b-offer-1');
    expect(b.pc.remoteDescription?.sdp).toBe('a-answer-to-b-offer-1');
    expect(a.pc.signalingState).toBe('stable');
    expect(b.pc.signalingState).toBe('stable');
    expect([...a.errors, ...b.errors]).toEqual([]);

    // The polite side's own change is negotiated next (a real connection fires negotiationneeded again).
    await a.negotiator.negotiationNeeded();
    await settle();
    expect(b.pc.remoteDescription?.sdp).toBe('a-offer-2');
    expect(a.pc.signalingState).toBe('stable');
    expect(b.pc.signalingState).toBe('stable');
  });

  it('resolves glare the same way with the roles swapped', async () => {
    const { a, b, settle, hooks } = pair('zzz', 'aaa'); // b is polite now
    await Promise.all([b.negotiator.negotiationNeeded(), a.negotiator.negotiationNeeded()]);
    await settle();
    expect(hooks).toEqual(['b:have-remote-offer:a-offer-1']);
    expect(b.pc.implicitRollbacks).toBe(1);
    expect(b.pc.remoteDescription?.sdp).toBe('a-offer-1');
    expect([a.pc.signalingState, b.pc.signalingState]).toEqual(['stable', 'stable']);
  });

  it('swallows the candidates of an ignored offer, and only those', async () => {
    const { a, b, settle } = pair('aaa', 'bbb');
    await Promise.all([a.negotiator.negotiationNeeded(), b.negotiator.negotiationNeeded()]);
    // a's candidates for its (ignored) offer reach b while b has no remote description.
    a.negotiator.localCandidate({ candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host', sdpMid: '0' });
    await settle();
    expect(b.errors).toEqual([]);
    expect(b.pc.candidates).toEqual([]);

    // Once a negotiation b accepted is under way, a failing candidate is reported again.
    await a.negotiator.negotiationNeeded();
    await settle();
    b.pc.addIceCandidate = vi.fn().mockRejectedValue(new Error('bad candidate'));
    a.negotiator.localCandidate({ candidate: 'candidate:2 1 udp 1 10.0.0.1 9 typ host', sdpMid: '0' });
    await settle();
    expect(b.errors).toHaveLength(1);
  });

  it('keeps candidates that arrive before the offer and applies them after it', async () => {
    const { b } = pair('aaa', 'bbb');
    const candidate = { candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host', sdpMid: '0' };
    await b.negotiator.receive({ candidate });
    expect(b.pc.candidates).toEqual([]);
    await b.negotiator.receive({ description: { type: 'offer', sdp: 'a-offer-1' } });
    expect(b.pc.candidates).toEqual([candidate]);
    expect(b.errors).toEqual([]);
  });

  it('keeps candidates that arrive ahead of the answer', async () => {
    const { a, b, settle } = pair();
    await a.negotiator.negotiationNeeded();
    b.negotiator.localCandidate({ candidate: 'candidate:9 1 udp 1 10.0.0.2 9 typ host', sdpMid: '0' });
    await settle();
    expect(a.pc.candidates.map((c) => c.candidate)).toEqual(['candidate:9 1 udp 1 10.0.0.2 9 typ host']);
    expect(a.errors).toEqual([]);
  });

  it('reports a description it cannot apply instead of throwing', async () => {
    const { a } = pair();
    await expect(
      a.negotiator.receive({ description: { type: 'answer', sdp: 'stray' } }),
    ).resolves.toBeUndefined();
    expect(a.errors).toHaveLength(1);
    expect(a.pc.signalingState).toBe('stable');
  });

  it('sends no message for the end-of-candidates marker', () => {
    const send = vi.fn();
    const negotiator = new PerfectNegotiator(new ModelPeerConnection('x'), true, send);
    negotiator.localCandidate(null);
    negotiator.localCandidate({ candidate: '' });
    expect(send).not.toHaveBeenCalled();
  });
});
