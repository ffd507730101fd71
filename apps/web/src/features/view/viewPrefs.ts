import type { Layout, ViewState } from './viewStore';

/** What this browser remembers of the view between calls. Storage may be blocked: never throw. */
const KEY = 'parley:view';
/**
 * Set to `off` to never send receiver requests (every sender then encodes as before this feature):
 * the benchmark compares the two in one build.
 */
export const REQUESTS_FLAG = 'parley:receiver-requests';

export type ViewPrefs = Pick<ViewState, 'layout' | 'audioOnly' | 'dataSaver'>;

const DEFAULTS: ViewPrefs = { layout: 'grid', audioOnly: false, dataSaver: false };

export function loadViewPrefs(): ViewPrefs {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return DEFAULTS;
    const v = value as Record<string, unknown>;
    const layout: Layout = v.layout === 'speaker' ? 'speaker' : 'grid';
    return { layout, audioOnly: v.audioOnly === true, dataSaver: v.dataSaver === true };
  } catch {
    return DEFAULTS;
  }
}

export function saveViewPrefs(prefs: ViewPrefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Not remembered this time.
  }
}

export function requestsEnabled(): boolean {
  try {
    return localStorage.getItem(REQUESTS_FLAG) !== 'off';
  } catch {
    return true;
  }
}
