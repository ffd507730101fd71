import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CallController } from '../controller/CallController';
import type { CallStore, CallStoreApi } from '../store/callStore';

export interface CallContextValue {
  store: CallStoreApi;
  controller: CallController;
}

export const CallContext = createContext<CallContextValue | null>(null);

function useCallContext(): CallContextValue {
  const value = useContext(CallContext);
  if (!value) throw new Error('call hooks need a <CallContext.Provider>');
  return value;
}

/** Reads a slice of the call state; re-renders only when that slice changes. */
export function useCall<T>(selector: (state: CallStore) => T): T {
  return useStore(useCallContext().store, selector);
}

export function useController(): CallController {
  return useCallContext().controller;
}
