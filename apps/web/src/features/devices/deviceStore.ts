import { createStore } from 'zustand/vanilla';
import type { DeviceOption } from '../../store/types';

export interface DeviceState {
  speakers: DeviceOption[];
  /** '' plays on the system default. */
  speakerId: string;
  /** What happened to a device mid-call, in words (an unplugged camera and what replaced it). */
  notice: string | null;
}

export const createDeviceStore = () =>
  createStore<
    DeviceState & {
      setSpeakers(speakers: DeviceOption[]): void;
      setSpeaker(speakerId: string): void;
      setNotice(notice: string | null): void;
      reset(): void;
    }
  >()((set) => ({
    speakers: [],
    speakerId: '',
    notice: null,
    setSpeakers: (speakers) => set({ speakers }),
    setSpeaker: (speakerId) => set({ speakerId }),
    setNotice: (notice) => set({ notice }),
    reset: () => set({ speakers: [], speakerId: '', notice: null }),
  }));

export type DeviceStoreApi = ReturnType<typeof createDeviceStore>;
