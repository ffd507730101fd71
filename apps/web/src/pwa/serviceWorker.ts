import { appUpdateStore } from '../store/appUpdate';
import { SKIP_WAITING, type SkipWaitingReply } from './contract';

// The one owner of the service worker (sw/sw.ts) on the page side: registers it, and applies new
// versions only on a fresh load, never under a running page (a call is never reloaded).

const SW_URL = '/sw.js';
/** Survives the reload into a new version, so that load can say it is one. */
const APPLIED_KEY = 'parley:updated';
/** A worker that does not answer or take over in time is left waiting; the page opens as it is. */
const TAKEOVER_TIMEOUT_MS = 3_000;

/** Production builds only: `pnpm dev` serves modules that change under a worker's cache. */
function supported(): boolean {
  return import.meta.env.PROD && 'serviceWorker' in navigator;
}

/**
 * Before the first render: when a new version installed during an earlier visit and waits, it
 * takes over and the page reloads into it (resolves `true`: do not render). It takes over only
 * when this is Parley's only page (the worker checks); otherwise, or when the takeover is slow,
 * the page opens on the running version and the new one opens on a later load.
 */
export async function openLatestVersion(): Promise<boolean> {
  if (!supported() || !navigator.serviceWorker.controller) return false;
  const waiting = (await navigator.serviceWorker.getRegistration())?.waiting;
  if (!waiting) return false;
  const controllerChanged = new Promise((resolve) =>
    navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
  );
  const reply = await ask(waiting);
  if (!reply?.activated) return false;
  // Chromium sometimes holds the takeover back for a while (the running version still has work):
  // rather than a blank page, or a reload that waits for it, this load opens on the running version.
  if (!(await withTimeout(controllerChanged))) return false;
  sessionStorage.setItem(APPLIED_KEY, '1');
  window.location.reload();
  return true;
}

/**
 * After the first paint: registers the worker (the browser then checks for a new version on every
 * load), and says when a new version is waiting, or when this load is the first of one.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!supported()) return;
  const { setUpdate } = appUpdateStore.getState();
  if (sessionStorage.getItem(APPLIED_KEY)) {
    sessionStorage.removeItem(APPLIED_KEY);
    setUpdate('applied');
  }
  const { Workbox } = await import('workbox-window');
  const workbox = new Workbox(SW_URL);
  workbox.addEventListener('waiting', () => setUpdate('waiting'));
  await workbox.register({ immediate: true });
}

function ask(worker: ServiceWorker): Promise<SkipWaitingReply | undefined> {
  const channel = new MessageChannel();
  const reply = new Promise<SkipWaitingReply>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent<SkipWaitingReply>) => resolve(event.data);
  });
  worker.postMessage({ type: SKIP_WAITING }, [channel.port2]);
  return withTimeout(reply);
}

function withTimeout<T>(promise: Promise<T>): Promise<T | undefined> {
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), TAKEOVER_TIMEOUT_MS)),
  ]);
}
