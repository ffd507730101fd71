import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.js';

/** Headless Chromium with the e2e suite's flags: fake camera and microphone, loopback ICE, no phoning home. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ ...chromiumLaunchOptions(extraArgs), headless: true });
}

/** A fresh context (own camera, storage, peer connections) with camera and microphone granted. */
export async function newParticipant(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, permissions: ['camera', 'microphone'] });
  await shimEsbuildNames(context);
  const page = await context.newPage();
  return { context, page };
}

/**
 * tsx compiles this package with esbuild's keepNames, so a function passed to `addInitScript` or
 * `evaluate` that names an inner function calls esbuild's `__name` helper, which pages do not have.
 * Define it as the identity in every page of the context (before any other init script).
 */
export async function shimEsbuildNames(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
}

declare global {
  interface Window {
    __benchJoin?: {
      /** Epoch ms (performance.timeOrigin + now) of the click on the Join button. */
      clickedAt?: number;
      /** Epoch ms of the first frame presented by each remote camera video, by peer id. */
      firstFrames: Record<string, number>;
    };
  }
}

/**
 * Page-side clocks for the join benchmark, installed before any page script runs: the moment the
 * Join button is clicked (capture phase, before the app's own handler) and the first presented
 * frame (requestVideoFrameCallback) of every `video[data-peer-id][data-kind=camera]` that appears.
 * Times are epoch milliseconds with sub-millisecond precision, comparable across the pages of one
 * machine.
 */
export async function installJoinClock(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    if (window.__benchJoin) return;
    const state: NonNullable<Window['__benchJoin']> = { firstFrames: {} };
    window.__benchJoin = state;
    const now = () => performance.timeOrigin + performance.now();
    document.addEventListener(
      'click',
      (event) => {
        const button = event.target instanceof Element ? event.target.closest('button') : null;
        if (button?.textContent?.trim() === 'Join' && state.clickedAt === undefined) state.clickedAt = now();
      },
      true,
    );
    const watched = new WeakSet<HTMLVideoElement>();
    const watch = () => {
      for (const video of document.querySelectorAll<HTMLVideoElement>(
        'video[data-peer-id][data-kind="camera"]',
      )) {
        if (watched.has(video)) continue;
        watched.add(video);
        const peer = video.dataset.peerId ?? '?';
        video.requestVideoFrameCallback((_time, meta) => {
          state.firstFrames[peer] ??= performance.timeOrigin + meta.presentationTime;
        });
      }
    };
    new MutationObserver(watch).observe(document, { childList: true, subtree: true, attributes: true });
  });
}

/** Waits until the lobby is ready: the self preview shows a picture and Join can be pressed. */
export async function waitForLobby(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const preview = document.querySelector<HTMLVideoElement>('video[data-local]');
      const join = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Join');
      return preview !== null && preview.videoWidth > 0 && join !== undefined && !join.disabled;
    },
    undefined,
    { timeout, polling: 50 },
  );
}

export interface JoinClock {
  clickedAt?: number;
  firstFrames: Record<string, number>;
}

export function readJoinClock(page: Page): Promise<JoinClock> {
  return page.evaluate(() => window.__benchJoin ?? { firstFrames: {} });
}

/** Rewrites the app's camera request to 320x240 at 15 fps (Chrome's fake camera honours the size). */
export async function smallCamera(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const media = navigator.mediaDevices;
    if (!media) return;
    const native = media.getUserMedia.bind(media);
    media.getUserMedia = (constraints) => {
      const video = constraints?.video;
      if (!video) return native(constraints);
      const base = typeof video === 'object' ? video : {};
      return native({
        ...constraints,
        video: { ...base, width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 15, max: 15 } },
      });
    };
  });
}
