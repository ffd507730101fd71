import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { trackPeerConnections } from '../../../e2e/support/media.js';
import { launchBrowser, newParticipant, smallCamera, waitForLobby } from '../lib/browser.js';
import { browserCpuSeconds, machineCpuMeter, sleep } from '../lib/processes.js';
import { MESH_OPTIONS, meshOptions } from '../lib/mesh-options.js';
import { main, parseOptions, report, table } from '../lib/results.js';
import { startParley } from '../lib/server.js';
import { median, round } from '../lib/stats.js';

/**
 * Mesh at scale: N people in one call (one browser context each, all in speaker view, everyone's
 * microphone muted but P1's, so P1 is the speaker), with receiver requests on, and off (the same
 * build, `parley:receiver-requests` = `off` in every page's storage: senders then encode every copy
 * at full size as before). Over a steady window, per participant: decoded fps of every remote video
 * it shows (on screen: the large tile and the strip tiles in view), encoded pixels per second and
 * outbound video kbit/s summed over all its copies; and the browser's CPU.
 */

const USAGE =
  'usage: pnpm bench:mesh [--sizes 4,6] [--modes off,on] [--window 10] [--warmup 8] [--small-from 6] [--smoke]';

type Mode = 'on' | 'off';

interface VideoRow {
  key: string;
  peerId: string;
  kind: string;
  shown: boolean;
  large: boolean;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
}

interface OutRow {
  key: string;
  bytesSent: number;
  framesEncoded: number;
  frameWidth: number;
  frameHeight: number;
}

interface PageSample {
  at: number;
  videos: VideoRow[];
  out: OutRow[];
}

interface ParticipantResult {
  name: string;
  /** Decoded fps of each remote video shown, large first. */
  largeFps: number[];
  stripFps: number[];
  /** Sizes received, e.g. 640x480 (large) and 240x180 (strip). */
  largeSize: string[];
  stripSize: string[];
  encodedPixelsPerSecond: number;
  outboundKbps: number;
}

interface Result {
  participants: number;
  mode: Mode;
  capture: string;
  error?: string;
  allDecodingMs: number;
  machineCpuBusy: number;
  /** Cores' worth of CPU the browser used over the window. */
  browserCores: number;
  perParticipant: ParticipantResult[];
}

main(async () => {
  const values = parseOptions({ ...MESH_OPTIONS, modes: { type: 'string' } }, USAGE);
  const options = {
    ...meshOptions(values, { sizes: [4, 6], smokeSizes: [3], warmup: 8 }, USAGE),
    modes: modesOption(values.modes ?? 'off,on'),
  };
  const startedAt = new Date();
  // A room must hold the largest size measured (the default MAX_PEERS is 8).
  const server = await startParley({ MAX_PEERS: String(Math.max(8, ...options.sizes)) });
  try {
    const results: Result[] = [];
    for (const n of options.sizes) {
      for (const mode of options.modes) {
        process.stderr.write(`${n} participants, requests ${mode}...\n`);
        const capture = n >= options.smallFrom ? '320x240@15' : '640x480@20';
        const browser = await launchBrowser();
        const result = await measure(browser, server.url, n, mode, capture, options)
          .catch((error: unknown): Result => {
            process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
            return {
              participants: n,
              mode,
              capture,
              error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
              allDecodingMs: Number.NaN,
              machineCpuBusy: Number.NaN,
              browserCores: Number.NaN,
              perParticipant: [],
            };
          })
          .finally(() => browser.close());
        results.push(result);
        if (result.error) process.stderr.write(`  failed: ${result.error}\n`);
        for (const p of result.perParticipant) {
          process.stderr.write(
            `  ${p.name}: large ${p.largeFps.map((f) => round(f)).join(',')} fps ${p.largeSize.join(',')}; strip ${p.stripFps.map((f) => round(f)).join(',')} fps ${p.stripSize.join(',')}; sends ${round(p.encodedPixelsPerSecond / 1e6, 2)} Mpx/s ${Math.round(p.outboundKbps)} kbit/s\n`,
          );
        }
      }
    }
    report({
      name: options.smoke ? 'mesh' : `mesh-${options.sizes.join('-')}`,
      startedAt,
      options,
      results,
      table: `${table(
        [
          'N',
          'requests',
          'capture',
          'shown remote fps, median [min]',
          'large tile fps [min] / size',
          'strip fps [min] / size',
          'remotes shown per person',
          'encoded Mpx/s per sender, median [max]',
          'outbound kbit/s per sender, median [max]',
          'browser CPU (cores)',
          'machine CPU',
        ],
        results.map(row),
      )}\n\n${ratios(results)}`,
    });
    if (results.some((r) => r.error)) throw new Error('some sizes have no figures');
  } finally {
    await server.stop();
  }
});

function modesOption(value: string): Mode[] {
  const modes = value.split(',').map((m) => m.trim());
  if (modes.some((m) => m !== 'on' && m !== 'off')) throw new Error(`--modes takes on and off; ${USAGE}`);
  return modes as Mode[];
}

function row(r: Result): Array<string | number> {
  if (r.error) return [r.participants, r.mode, r.capture, `failed: ${r.error}`];
  const all = r.perParticipant.flatMap((p) => [...p.largeFps, ...p.stripFps]);
  const large = r.perParticipant.flatMap((p) => p.largeFps);
  const strip = r.perParticipant.flatMap((p) => p.stripFps);
  const px = r.perParticipant.map((p) => p.encodedPixelsPerSecond / 1e6);
  const kbps = r.perParticipant.map((p) => p.outboundKbps);
  const distinct = (items: string[]) => [...new Set(items)].sort().join(', ');
  const fps = (values: number[]) =>
    values.length === 0 ? '—' : `${round(median(values))} [${round(Math.min(...values))}]`;
  return [
    r.participants,
    r.mode,
    r.capture,
    fps(all),
    `${fps(large)} / ${distinct(r.perParticipant.flatMap((p) => p.largeSize))}`,
    `${fps(strip)} / ${distinct(r.perParticipant.flatMap((p) => p.stripSize))}`,
    `${round(median(r.perParticipant.map((p) => p.largeFps.length + p.stripFps.length)))} of ${r.participants - 1}`,
    `${round(median(px), 2)} [${round(Math.max(...px), 2)}]`,
    `${Math.round(median(kbps))} [${Math.round(Math.max(...kbps))}]`,
    round(r.browserCores, 2),
    `${Math.round(r.machineCpuBusy * 100)}%`,
  ];
}

/** On against off at each size: encoded pixels and outbound bits per sender, and the slowest shown remote. */
function ratios(results: Result[]): string {
  const lines: string[] = [];
  for (const n of [...new Set(results.map((r) => r.participants))]) {
    const on = results.find((r) => r.participants === n && r.mode === 'on' && !r.error);
    const off = results.find((r) => r.participants === n && r.mode === 'off' && !r.error);
    if (!on || !off) continue;
    const px = (r: Result) => median(r.perParticipant.map((p) => p.encodedPixelsPerSecond));
    const kbps = (r: Result) => median(r.perParticipant.map((p) => p.outboundKbps));
    const minFps = (r: Result) =>
      Math.min(...r.perParticipant.flatMap((p) => [...p.largeFps, ...p.stripFps]));
    lines.push(
      `N = ${n}: encoded pixels per sender on/off ${round(px(on) / px(off), 2)}x, outbound ${round(kbps(on) / kbps(off), 2)}x, slowest shown remote ${round(minFps(on))} fps (off: ${round(minFps(off))})`,
    );
  }
  return `${lines.join('\n')}\ntargets: every shown remote ≥ 15 fps at N = 6; encoded pixels per sender at N = 6 (speaker view) ≤ 0.5x of off`;
}

async function measure(
  browser: Browser,
  baseURL: string,
  n: number,
  mode: Mode,
  capture: string,
  options: { windowMs: number; warmupMs: number },
): Promise<Result> {
  const roomId = `bench-${randomBytes(6).toString('hex')}`;
  const opened: BrowserContext[] = [];
  try {
    const pages: Page[] = [];
    for (let i = 0; i < n; i++) {
      const { context, page } = await newParticipant(browser, baseURL);
      opened.push(context);
      await page.setViewportSize({ width: 1280, height: 800 });
      await trackPeerConnections(context);
      if (capture.startsWith('320')) await smallCamera(context);
      await context.addInitScript((off) => {
        localStorage.setItem('parley:view', JSON.stringify({ layout: 'speaker' }));
        if (off) localStorage.setItem('parley:receiver-requests', 'off');
        else localStorage.removeItem('parley:receiver-requests');
      }, mode === 'off');
      await page.goto(`/r/${roomId}`);
      await page.getByRole('textbox', { name: 'Your name' }).fill(`P${i + 1}`);
      await waitForLobby(page);
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.getByRole('button', { name: 'Leave' }).waitFor({ timeout: 15_000 });
      // One speaker: P1. The others' (fake, beeping) microphones are muted.
      if (i > 0) await page.getByRole('button', { name: 'Microphone', exact: true }).click();
      pages.push(page);
    }
    const joinedAt = performance.now();
    await Promise.all(pages.map((page) => waitForShown(page)));
    const allDecodingMs = performance.now() - joinedAt;
    await sleep(options.warmupMs);

    const machine = machineCpuMeter();
    const cpuBefore = browserCpuSeconds();
    const before = await Promise.all(pages.map(sample));
    await sleep(options.windowMs);
    const after = await Promise.all(pages.map(sample));
    const browserCores = (browserCpuSeconds() - cpuBefore) / (options.windowMs / 1000);
    const machineCpuBusy = machine();

    const perParticipant = pages.map((_, i) => participant(`P${i + 1}`, before[i], after[i]));
    return { participants: n, mode, capture, allDecodingMs, machineCpuBusy, browserCores, perParticipant };
  } finally {
    await Promise.all(opened.map((context) => context.close()));
  }
}

function participant(name: string, a: PageSample | undefined, b: PageSample | undefined): ParticipantResult {
  if (!a || !b) throw new Error(`no sample for ${name}`);
  const seconds = (b.at - a.at) / 1000;
  const result: ParticipantResult = {
    name,
    largeFps: [],
    stripFps: [],
    largeSize: [],
    stripSize: [],
    encodedPixelsPerSecond: 0,
    outboundKbps: 0,
  };
  for (const video of b.videos) {
    const earlier = a.videos.find((v) => v.key === video.key);
    if (!video.shown || !earlier) continue;
    const fps = (video.framesDecoded - earlier.framesDecoded) / seconds;
    const size = `${video.frameWidth}x${video.frameHeight}`;
    (video.large ? result.largeFps : result.stripFps).push(fps);
    (video.large ? result.largeSize : result.stripSize).push(size);
  }
  for (const out of b.out) {
    const earlier = a.out.find((o) => o.key === out.key);
    const frames = out.framesEncoded - (earlier?.framesEncoded ?? 0);
    result.encodedPixelsPerSecond += (frames * out.frameWidth * out.frameHeight) / seconds;
    result.outboundKbps += ((out.bytesSent - (earlier?.bytesSent ?? 0)) * 8) / 1000 / seconds;
  }
  return result;
}

/** Waits until every remote video on screen shows a picture (at least one, plus the large tile). */
async function waitForShown(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('video[data-peer-id]')];
      const onScreen = videos.filter((v) => {
        const r = v.getBoundingClientRect();
        return r.width > 0 && r.bottom > 0 && r.top < window.innerHeight;
      });
      const large = document.querySelector('.stage__main video[data-peer-id]');
      return (
        large !== null &&
        onScreen.length > 1 &&
        onScreen.every((v) => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0)
      );
    },
    undefined,
    { timeout: 90_000, polling: 500 },
  );
}

/** Inbound counters of every remote video element, and outbound counters of every copy we send. */
function sample(page: Page): Promise<PageSample> {
  return page.evaluate(async () => {
    const connections = (window.__e2ePeerConnections ?? []).filter((pc) => pc.connectionState !== 'closed');
    const videos: VideoRow[] = [];
    for (const element of document.querySelectorAll<HTMLVideoElement>('video[data-peer-id]')) {
      const track = (element.srcObject as MediaStream | null)?.getVideoTracks()[0];
      const rect = element.getBoundingClientRect();
      const row: VideoRow = {
        key: `${element.dataset.peerId}:${element.dataset.kind}`,
        peerId: element.dataset.peerId ?? '',
        kind: element.dataset.kind ?? '',
        shown: rect.width > 0 && rect.bottom > 0 && rect.top < window.innerHeight,
        large: element.closest('.stage__main') !== null,
        framesDecoded: 0,
        frameWidth: 0,
        frameHeight: 0,
      };
      for (const pc of connections) {
        const receiver = pc.getReceivers().find((r) => track !== undefined && r.track === track);
        if (!receiver) continue;
        (await receiver.getStats()).forEach((report) => {
          if (report.type !== 'inbound-rtp') return;
          row.framesDecoded = report.framesDecoded ?? 0;
          row.frameWidth = report.frameWidth ?? 0;
          row.frameHeight = report.frameHeight ?? 0;
        });
      }
      videos.push(row);
    }
    const out: OutRow[] = [];
    const all = window.__e2ePeerConnections ?? [];
    await Promise.all(
      all.map(async (pc, index) => {
        if (pc.connectionState === 'closed') return;
        (await pc.getStats()).forEach((report) => {
          if (report.type !== 'outbound-rtp' || report.kind !== 'video') return;
          out.push({
            key: `${index}:${report.id}`,
            bytesSent: report.bytesSent ?? 0,
            framesEncoded: report.framesEncoded ?? 0,
            frameWidth: report.frameWidth ?? 0,
            frameHeight: report.frameHeight ?? 0,
          });
        });
      }),
    );
    return { at: performance.now(), videos, out };
  });
}
