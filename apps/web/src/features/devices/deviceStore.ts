import { createStore } from 'zustand/vanilla';

export interface DeviceState {
  /** '' plays on the system default. */
  speakerId: string;
  /** What happened to a device mid-call, in words (an unplugged camera and what replaced it). */
  notice: string | null;
}

export const createDeviceStore = () =>
  createStore<
    DeviceState & {
      setSpeaker(speakerId: string): void;
      setNotice(notice: string | null): void;
    }
  >()((set) => ({
    speakerId: '',
    notice: null,
    setSpeaker: (speakerId) => set({ speakerId }),
    setNotice: (notice) => set({ notice }),
  }));

export type DeviceStoreApi = ReturnType<typeof createDeviceStore>;
