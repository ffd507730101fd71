import { createContext, useContext } from 'react';
import type { Features } from './createFeatures';

export const FeaturesContext = createContext<Features | null>(null);

export function useFeatures(): Features {
  const value = useContext(FeaturesContext);
  if (!value) throw new Error('feature hooks need a <FeaturesContext.Provider>');
  return value;
}
