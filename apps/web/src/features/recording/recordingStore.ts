import { createStore } from 'zustand/vanilla';

export type RecordingEnd = 'budget' | 'failed';

export interface RecordingView {
  /** Peer ids of the others who say they are recording. */
  others: ReadonlySet<string>;
  /** Our own recording: when it started (ms since epoch) and how many bytes it holds; null when idle. */
  self: { startedAt: number; bytes: number } | null;
  /** Why our last recording ended on its own, for the person to read; null once dismissed. */
  ended: RecordingEnd | null;
}

export interface RecordingActions {
  setOther(peerId: string, active: boolean): void;
  setSelf(self: RecordingView['self']): void;
  setEnded(ended: RecordingEnd | null): void;
  reset(): void;
}

export const createRecordingStore = () =>
  createStore<RecordingView & RecordingActions>()((set) => ({
    others: new Set(),
    self: null,
    ended: null,
    setOther: (peerId, active) =>
      set((s) => {
        if (s.others.has(peerId) === active) return {};
        const others = new Set(s.others);
        if (active) others.add(peerId);
        else others.delete(peerId);
        return { others };
      }),
    setSelf: (self) => set({ self }),
    setEnded: (ended) => set({ ended }),
    reset: () => set({ others: new Set(), self: null, ended: null }),
  }));

export type RecordingStoreApi = ReturnType<typeof createRecordingStore>;
