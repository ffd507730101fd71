import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { SecurityView } from './SecurityCodes';

export function useSecurity<T>(selector: (view: SecurityView) => T): T {
  return useStore(useFeatures().security.store, selector);
}
