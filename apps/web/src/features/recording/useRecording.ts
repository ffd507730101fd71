import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { RecordingView } from './recordingStore';

export function useRecording<T>(selector: (view: RecordingView) => T): T {
  return useStore(useFeatures().recording.store, selector);
}
