import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { LinkQuality } from './qualityStore';

/** The quality of the link to one peer; undefined until measured (or for no peer). */
export function useLinkQuality(peerId: string | undefined): LinkQuality | undefined {
  return useStore(useFeatures().quality.store, (s) => (peerId ? s.links.get(peerId) : undefined));
}
