import { useSyncExternalStore } from 'react';

/** Client-side navigation over the History API; two routes do not need a router library. */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export type Route = { page: 'home' } | { page: 'room'; roomId: string } | { page: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  const room = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (room?.[1]) return { page: 'room', roomId: decodeURIComponentSafe(room[1]) };
  return { page: 'not-found' };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
