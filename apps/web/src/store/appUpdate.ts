import { createStore } from 'zustand/vanilla';

/**
 * What the person is told about new versions of Parley: one has installed and opens next time
 * (`waiting`), or this page is the first load of one (`applied`). Set by pwa/serviceWorker.ts.
 */
export type AppUpdate = 'waiting' | 'applied' | null;

export interface AppUpdateState {
  update: AppUpdate;
  setUpdate(update: AppUpdate): void;
  dismiss(): void;
}

export const appUpdateStore = createStore<AppUpdateState>()((set) => ({
  update: null,
  setUpdate: (update) => set({ update }),
  dismiss: () => set({ update: null }),
}));
