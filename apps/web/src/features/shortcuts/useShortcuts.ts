import { useEffect, useRef } from 'react';
import { type ShortcutAction, shortcutFor } from './shortcuts';

/** Runs the handler of each shortcut pressed anywhere on the page (see shortcutFor for exceptions). */
export function useShortcuts(handlers: Record<ShortcutAction, () => void>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      latest.current[action]();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
