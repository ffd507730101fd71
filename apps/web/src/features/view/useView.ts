import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { ViewActions, ViewState } from './viewStore';

/** The layout choices and receive modes, through a selector. */
export function useView<T>(selector: (state: ViewState & ViewActions) => T): T {
  return useStore(useFeatures().view.store, selector);
}
