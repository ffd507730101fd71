import { createHandlerBoundToURL, type PrecacheEntry, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { APP_ROUTES, SKIP_WAITING, type SkipWaitingReply } from '../src/pwa/contract';

// Parley's service worker: the app shell, and nothing else. Precached at install: index.html, every
// hashed JS and CSS chunk of this build, the manifest and the icons (the list is written into
// `self.__WB_MANIFEST` by vite-plugin-pwa at build time). Every other request (signaling under
// /socket.io/, /healthz, /metrics, the blur model under /mediapipe/, media) matches no route, so
// the browser fetches it as if there were no service worker: nothing of it is cached.

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

precacheAndRoute(self.__WB_MANIFEST);

// The app's own pages open from the cached shell, online or not (the server answers them all with
// index.html too); the shell then talks to the server for everything live.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { allowlist: APP_ROUTES }));

// A new version installs in the background and waits while an older one runs, so a running page
// keeps loading its own version's chunks from this version's cache. A freshly opened page asks it
// to take over; it does only when that page is Parley's only one, as no other page could still be
// in a call on the old version.
self.addEventListener('message', (event) => {
  if (event.data?.type !== SKIP_WAITING) return;
  event.waitUntil(takeOverIfAlone(event));
});

async function takeOverIfAlone(event: ExtendableMessageEvent): Promise<void> {
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const asker = event.source instanceof Client ? event.source.id : null;
  const activated = pages.every((page) => page.id === asker);
  const reply: SkipWaitingReply = { activated };
  event.ports[0]?.postMessage(reply);
  // Not awaited, and so outside this message event's lifetime: activating waits for this worker's
  // events in flight, this one included.
  if (activated) void self.skipWaiting();
}
