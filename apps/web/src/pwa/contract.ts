// What the page and the service worker say to each other (imported by both).

/** Navigations the service worker answers with the cached app shell: `/` and `/r/<room>`. */
export const APP_ROUTES = [/^\/$/, /^\/r\//];

/** Page → waiting worker: "take over now, if no other page runs the old version". */
export const SKIP_WAITING = 'parley:skip-waiting';

export interface SkipWaitingReply {
  activated: boolean;
}
