import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { Transfer } from './transferStore';

export function useTransfers(): Transfer[] {
  return useStore(useFeatures().files.store, (s) => s.transfers);
}
