import { createStore } from 'zustand/vanilla';

export type Layout = 'grid' | 'speaker';

/** How this person lays out the call and what video they take in. */
export interface ViewState {
  layout: Layout;
  /** Key of the pinned tile (a peer id, or `screen-<peerId>`); null when nothing is pinned. */
  pinned: string | null;
  /** Receive no video at all. */
  audioOnly: boolean;
  /** Receive every video at thumbnail size. */
  dataSaver: boolean;
  /** The grid page shown (0-based). */
  page: number;
}

export interface ViewActions {
  setLayout(layout: Layout): void;
  togglePin(key: string): void;
  unpin(key: string): void;
  setAudioOnly(on: boolean): void;
  setDataSaver(on: boolean): void;
  setPage(page: number): void;
}

export const createViewStore = (initial: Pick<ViewState, 'layout' | 'audioOnly' | 'dataSaver'>) =>
  createStore<ViewState & ViewActions>()((set) => ({
    ...initial,
    pinned: null,
    page: 0,
    setLayout: (layout) => set({ layout }),
    togglePin: (key) => set((s) => ({ pinned: s.pinned === key ? null : key })),
    unpin: (key) => set((s) => (s.pinned === key ? { pinned: null } : s)),
    setAudioOnly: (audioOnly) => set({ audioOnly }),
    setDataSaver: (dataSaver) => set({ dataSaver }),
    setPage: (page) => set({ page: Math.max(0, page) }),
  }));

export type ViewStoreApi = ReturnType<typeof createViewStore>;
