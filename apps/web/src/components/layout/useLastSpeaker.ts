import { useRef } from 'react';

/** The active speaker, or while nobody speaks, the last one who did: the stage does not go blank. */
export function useLastSpeaker(active: string | null): string | null {
  const last = useRef<string | null>(null);
  if (active !== null) last.current = active;
  return last.current;
}
