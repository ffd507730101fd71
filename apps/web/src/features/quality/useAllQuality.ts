import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { LinkQuality } from './qualityStore';

export function useAllQuality(): ReadonlyMap<string, LinkQuality> {
  return useStore(useFeatures().quality.store, (s) => s.links);
}
