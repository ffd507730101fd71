import type { ErrorCode } from '@parley/protocol';
import type { CallStoreApi } from '../store/callStore';
import { problemFromCode, SERVER_UNREACHABLE } from './problems';
import type { RoomSession } from './RoomSession';
import type { JoinRequest } from './roomSessionTypes';

/** The part of the session the lobby's door uses; RoomSession in the app. */
export type AdmissionPort = Pick<RoomSession, 'join' | 'knock' | 'cancelKnock'>;

/**
 * The lobby's way into a room: join; at a locked door, knock and wait for a host (then join with
 * the ticket they granted); at a room with a password, ask for it. The store says where the door
 * stands (`door`, `passwordNeeded`, `problem`); a successful join moves the page into the call.
 */
export class Admission {
  constructor(
    private readonly session: AdmissionPort,
    private readonly store: CallStoreApi,
  ) {}

  private get state() {
    return this.store.getState();
  }

  /** Runs while the phase is 'joining'; `request` is read as each join goes out (media may change). */
  async enter(request: () => JoinRequest): Promise<void> {
    let outcome = await this.session.join(request());
    if (this.state.phase !== 'joining') return;
    if (!outcome.ok && outcome.code === 'room_locked') {
      this.state.setDoor('knocking');
      const { roomId, name, deviceKey } = request();
      const knock = await this.session.knock({ roomId, name, deviceKey });
      if (this.state.phase !== 'joining') return;
      if (!knock.admitted) {
        this.state.setDoor(knock.reason === 'denied' ? 'denied' : 'open');
        if (knock.reason === 'failed') this.fail(knock.code);
        this.state.setPhase('lobby');
        return;
      }
      this.state.setDoor('open');
      outcome = await this.session.join({ ...request(), ticket: knock.ticket });
      if (this.state.phase !== 'joining') return;
    }
    if (outcome.ok) return;
    if (outcome.code === 'wrong_password') {
      const retry = this.state.passwordNeeded && request().password !== undefined;
      this.state.setPasswordNeeded(true);
      this.state.setProblem({
        reason: 'password',
        message: retry
          ? 'That password is not right. Check it with the person who invited you and try again.'
          : 'This room has a password. Enter it to join.',
      });
    } else {
      this.fail(outcome.code);
    }
    this.state.setPhase('lobby');
  }

  /** Withdraws the knock (Cancel): back to the lobby as it was. */
  cancel(): void {
    this.session.cancelKnock();
  }

  private fail(code: ErrorCode | 'unreachable'): void {
    this.state.setProblem(
      code === 'unreachable' ? SERVER_UNREACHABLE : problemFromCode(code, this.state.maxPeers),
    );
  }
}
