import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';

export function useHasTransfers(): boolean {
  return useStore(useFeatures().files.store, (s) => s.transfers.length > 0);
}
