import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { DeviceState } from './deviceStore';

export function useDevices<T>(selector: (state: DeviceState) => T): T {
  return useStore(useFeatures().devices.store, selector);
}
