import { useStore } from 'zustand';
import { useFeatures } from '../FeaturesContext';
import type { ChatActions, ChatState } from './chatStore';

export function useChat<T>(selector: (state: ChatState & ChatActions) => T): T {
  return useStore(useFeatures().chat.store, selector);
}
