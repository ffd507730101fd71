import { createStore } from 'zustand/vanilla';
import type { CallFeature } from '../../rtc/CallFeature';
import type { LinkKeys } from '../../rtc/fingerprints';
import type { CallStoreApi } from '../../store/callStore';
import { linkCode, roomCode } from './securityCode';

export interface SecurityView {
  /** Each link's code by peer id (links whose first negotiation has not settled have none yet). */
  codes: ReadonlyMap<string, string>;
  /** The whole call's code; null while we are alone. */
  roomCode: string | null;
  /** Whose key changed mid-call, by name, for the person to compare codes again; null once read. */
  changed: string | null;
}

export const createSecurityStore = () =>
  createStore<SecurityView & { set(view: Partial<SecurityView>): void }>()((set) => ({
    codes: new Map(),
    roomCode: null,
    changed: null,
    set: (view) => set(view),
  }));

export type SecurityStoreApi = ReturnType<typeof createSecurityStore>;

/**
 * Keeps the security codes (securityCode.ts) current: each link reports both ends' fingerprints
 * whenever a negotiation settles with new ones, and every report recomputes that link's code and
 * the room's. A link whose fingerprints change after it had a code is announced by name: a new
 * certificate mid-call is what a key swapped in the middle would look like.
 */
export class SecurityCodes implements CallFeature {
  readonly store: SecurityStoreApi = createSecurityStore();
  private readonly links = new Map<string, LinkKeys>();
  /** Bumped on every change, so a slow hash never overwrites a newer result. */
  private version = 0;

  constructor(private readonly call: CallStoreApi) {}

  keys(peerId: string, keys: LinkKeys): void {
    const before = this.links.get(peerId);
    this.links.set(peerId, keys);
    if (before && !sameKeys(before, keys)) {
      const name = this.call.getState().peers.get(peerId)?.name ?? 'someone';
      this.store.getState().set({ changed: name });
    }
    void this.recompute();
  }

  linkRemoved(peerId: string): void {
    if (this.links.delete(peerId)) void this.recompute();
  }

  dismissChange(): void {
    this.store.getState().set({ changed: null });
  }

  dispose(): void {
    this.links.clear();
    this.version++;
    this.store.getState().set({ codes: new Map(), roomCode: null, changed: null });
  }

  private async recompute(): Promise<void> {
    const version = ++this.version;
    const roomId = this.call.getState().roomId ?? '';
    const entries = [...this.links];
    const codes = new Map(
      await Promise.all(
        entries.map(async ([peerId, keys]) => [peerId, await linkCode(roomId, keys)] as const),
      ),
    );
    const room =
      entries.length > 0
        ? await roomCode(
            roomId,
            entries.map(([, keys]) => keys),
          )
        : null;
    if (version === this.version) this.store.getState().set({ codes, roomCode: room });
  }
}

function sameKeys(a: LinkKeys, b: LinkKeys): boolean {
  return a.local.join() === b.local.join() && a.remote.join() === b.remote.join();
}
