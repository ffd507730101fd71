import type { ErrorCode, Reaction } from '@parley/protocol';
import type { CallStoreApi } from '../store/callStore';
import type { RoomSession } from './RoomSession';
import type { ControlEvent, PayloadOf } from './roomSessionTypes';

/** How long a reaction bursts over a tile. */
export const REACTION_MS = 2_000;

/** The part of the session room control uses; RoomSession in the app. */
export type ControlPort = Pick<RoomSession, 'command'>;

/**
 * What anyone in the call can do to the room (raise a hand, react) and what a host can do to the
 * room and the people in it. The server authorises every request; a refusal is shown as a problem.
 * Reaction bursts live here too: each leaves the store after REACTION_MS.
 */
export class RoomControl {
  private nextBurst = 1;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly session: ControlPort,
    private readonly store: CallStoreApi,
  ) {}

  private get state() {
    return this.store.getState();
  }

  // ---- anyone ----

  async raiseHand(raised: boolean): Promise<void> {
    const before = this.state.handRaisedAt;
    // Shown at once; the server's stamp (in our own peer update) replaces ours.
    this.state.setHand(raised ? (before ?? Date.now()) : null);
    if (!(await this.send('hand', { raised }))) this.state.setHand(before);
  }

  async react(reaction: Reaction): Promise<void> {
    if (await this.send('reaction', { reaction })) this.burst('self', reaction);
  }

  /** A reaction over `from`'s tile ('self' for ours) for REACTION_MS. */
  burst(from: string, reaction: Reaction): void {
    const id = this.nextBurst++;
    this.state.addReaction({ id, from, reaction });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.state.reactionDone(id);
    }, REACTION_MS);
    this.timers.add(timer);
  }

  // ---- hosts ----

  admit = (knockId: string) => this.send('knock:answer', { knockId, admit: true });
  deny = (knockId: string) => this.send('knock:answer', { knockId, admit: false });
  admitAll = () => this.send('knock:answer', { all: true, admit: true });
  lock = (locked: boolean) => this.send('room:lock', { locked });
  setPassword = (password: string | null) => this.send('room:password', { password });
  promote = (peerId: string) => this.send('host:promote', { peerId });
  remove = (peerId: string) => this.send('host:remove', { peerId });
  mute = (peerId: string, kind: 'audio' | 'screen') => this.send('host:mute', { peerId, kind });
  muteEveryone = () => this.send('host:mute', { kind: 'audio' });
  lowerHand = (peerId: string) => this.send('host:lower-hand', { peerId });
  endForEveryone = () => this.send('room:end', {});

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Sends one request; answers whether it went through, and says why when it did not. */
  private async send<E extends ControlEvent>(event: E, payload: PayloadOf<E>): Promise<boolean> {
    const error = await this.session.command(event, payload);
    if (error === null) return true;
    // Ending the call closes our socket before its answer comes: nothing to tell then.
    if (this.state.exit) return false;
    this.state.setProblem({ reason: 'rejected', message: refusal(error) });
    return false;
  }
}

function refusal(code: ErrorCode | 'unreachable'): string {
  switch (code) {
    case 'forbidden':
      return 'Only a host can do that.';
    case 'rate_limited':
      return 'Too many at once. Wait a moment and try again.';
    case 'peer_not_found':
      return 'That person is no longer in the call.';
    case 'unreachable':
      return "Can't reach the Parley server right now. Try again in a moment.";
    default:
      return 'The server did not accept that. Try again in a moment.';
  }
}
