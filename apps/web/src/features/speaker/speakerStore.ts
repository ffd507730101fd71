import { createStore } from 'zustand/vanilla';

/** Participants are their peer id, or 'self' for this person. */
export const SELF = 'self';

export interface SpeakerView {
  speaking: ReadonlySet<string>;
  /** Whose tile is highlighted; null when nobody has spoken lately. */
  active: string | null;
  /** Our microphone is muted and hears speech: we tell the person. */
  mutedSpeech: boolean;
}

export const createSpeakerStore = () =>
  createStore<SpeakerView & { set(view: Partial<SpeakerView>): void; reset(): void }>()((set) => ({
    speaking: new Set(),
    active: null,
    mutedSpeech: false,
    set: (view) => set(view),
    reset: () => set({ speaking: new Set(), active: null, mutedSpeech: false }),
  }));

export type SpeakerStoreApi = ReturnType<typeof createSpeakerStore>;
