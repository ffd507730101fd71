import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { SpeakerView } from './speakerStore';

export function useSpeaker<T>(selector: (view: SpeakerView) => T): T {
  return useStore(useFeatures().speaker.store, selector);
}
