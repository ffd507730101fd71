import { createStore } from 'zustand/vanilla';
import type { QualityVerdict } from './classify';
import type { LinkMeasures } from './stats';

export interface LinkQuality {
  verdict: QualityVerdict;
  measures: LinkMeasures;
}

export interface QualityState {
  /** Per remote peer; absent until two stats samples have been compared. */
  links: ReadonlyMap<string, LinkQuality>;
}

export interface QualityActions {
  set(peerId: string, quality: LinkQuality): void;
  remove(peerId: string): void;
  reset(): void;
}

export const createQualityStore = () =>
  createStore<QualityState & QualityActions>()((set) => ({
    links: new Map(),
    set: (peerId, quality) =>
      set((s) => {
        const links = new Map(s.links);
        links.set(peerId, quality);
        return { links };
      }),
    remove: (peerId) =>
      set((s) => {
        if (!s.links.has(peerId)) return {};
        const links = new Map(s.links);
        links.delete(peerId);
        return { links };
      }),
    reset: () => set({ links: new Map() }),
  }));

export type QualityStoreApi = ReturnType<typeof createQualityStore>;
