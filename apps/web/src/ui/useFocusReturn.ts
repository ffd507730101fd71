import { type RefObject, useEffect, useRef } from 'react';

/**
 * Gives focus back to the element that opened a panel when the panel closes: closing it removes
 * whatever had focus inside, which would otherwise drop focus onto the page itself.
 */
export function useFocusReturn<T extends HTMLElement>(open: boolean): RefObject<T | null> {
  const ref = useRef<T>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    const active = document.activeElement;
    if (wasOpen.current && !open && (!active || active === document.body)) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return ref;
}
