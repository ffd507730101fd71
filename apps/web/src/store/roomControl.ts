import type { Knock, Reaction, RoomState } from '@parley/protocol';

/** Where the lobby's door stands: open (Join), waiting for a host (knocking), or a host said no. */
export type DoorStatus = 'open' | 'knocking' | 'denied';

/** Why the call is over for us, and who did it (shown instead of the call). */
export interface CallExit {
  reason: 'removed' | 'ended';
  by: string;
}

/** One reaction over someone's tile; `from` is a peer id or 'self'. */
export interface ReactionBurst {
  id: number;
  from: string;
  reaction: Reaction;
}

/** The room-control slice of the call store: hosts, the door, hands, reactions. */
export interface RoomControlState {
  /** Whether we are a host. */
  host: boolean;
  /** When our hand went up (server clock when it told us, else ours); null when down. */
  handRaisedAt: number | null;
  room: RoomState;
  /** People waiting at the door, oldest first (hosts only). */
  knocks: Knock[];
  reactions: ReactionBurst[];
  door: DoorStatus;
  /** The lobby asks for the room password (the server answered `wrong_password`). */
  passwordNeeded: boolean;
  /** What a host did to us, e.g. "Ada muted you"; the person dismisses it. */
  hostNotice: string | null;
  participantsOpen: boolean;
  exit: CallExit | null;
}

export interface RoomControlActions {
  setRoom(room: RoomState): void;
  setHost(host: boolean): void;
  setHand(raisedAt: number | null): void;
  knockArrived(knock: Knock): void;
  knockGone(knockId: string): void;
  addReaction(burst: ReactionBurst): void;
  reactionDone(id: number): void;
  setDoor(door: DoorStatus): void;
  setPasswordNeeded(needed: boolean): void;
  setHostNotice(notice: string | null): void;
  setParticipantsOpen(open: boolean): void;
  setExit(exit: CallExit | null): void;
}

export const initialRoomControl: RoomControlState = {
  host: false,
  handRaisedAt: null,
  room: { locked: false, hasPassword: false },
  knocks: [],
  reactions: [],
  door: 'open',
  passwordNeeded: false,
  hostNotice: null,
  participantsOpen: false,
  exit: null,
};

/** A few bursts at once are plenty; older ones make way. */
const REACTIONS_MAX = 12;

type Set = (change: Partial<RoomControlState> | ((s: RoomControlState) => Partial<RoomControlState>)) => void;

/** Pure actions over the slice (zustand's slices pattern); the call store spreads them in. */
export function roomControlActions(set: Set): RoomControlActions {
  return {
    setRoom: (room) => set({ room }),
    // Only hosts see knocks: losing the role forgets them.
    setHost: (host) => set((s) => ({ host, knocks: host ? s.knocks : [] })),
    setHand: (handRaisedAt) => set({ handRaisedAt }),
    knockArrived: (knock) =>
      set((s) => (s.knocks.some((k) => k.knockId === knock.knockId) ? {} : { knocks: [...s.knocks, knock] })),
    knockGone: (knockId) =>
      set((s) =>
        s.knocks.some((k) => k.knockId === knockId)
          ? { knocks: s.knocks.filter((k) => k.knockId !== knockId) }
          : {},
      ),
    addReaction: (burst) => set((s) => ({ reactions: [...s.reactions, burst].slice(-REACTIONS_MAX) })),
    reactionDone: (id) => set((s) => ({ reactions: s.reactions.filter((r) => r.id !== id) })),
    setDoor: (door) => set({ door }),
    setPasswordNeeded: (passwordNeeded) => set({ passwordNeeded }),
    setHostNotice: (hostNotice) => set({ hostNotice }),
    setParticipantsOpen: (participantsOpen) => set({ participantsOpen }),
    setExit: (exit) => set({ exit }),
  };
}
