import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { trackPeerConnections } from '../../../e2e/support/media.js';
import { startParley } from '../lib/server.js';
import { launchBrowser, newParticipant, smallCamera, waitForLobby } from '../lib/browser.js';
import { writeBusyClip } from './busy-camera.js';
import { machineCpuMeter, sleep } from '../lib/processes.js';
import { MESH_OPTIONS, meshOptions } from '../lib/mesh-options.js';
import { main, numberOption, parseOptions, report, table } from '../lib/results.js';
import { median, round } from '../lib/stats.js';

/**
 * Uplink: N people in one Parley call (one browser context each). Once every one of them decodes
 * the N-1 others and a warm-up has passed, each participant's outbound video bitrate (outbound-rtp
 * bytesSent deltas, summed over all its peer connections) is measured over a steady window and
 * compared with the uplink budget, and every remote camera's decoded frame rate (inbound-rtp
 * framesDecoded delta) is taken over the same window.
 *
 * Two cameras: Chrome's fake camera (`fake`, what the e2e tests use: a simple animation that needs
 * far less than the budget) and a clip of noise (`busy`, busy-camera.ts: it would take any bitrate,
 * so it shows whether the senders keep to the budget). From `--small-from` participants on, the
 * capture is 320x240@15: an init script rewrites the app's 640x480 camera request.
 */

const USAGE =
  'usage: pnpm bench:uplink [--sizes 2,4,6] [--camera fake|busy|both] [--window 10] [--warmup 10] [--small-from 6] [--budget 2500000] [--smoke]';
/** The app's DEFAULT_UPLINK_BUDGET_BPS (apps/web/src/rtc/uplink.ts); the senders' maxBitrate is read back to check. */
const DEFAULT_BUDGET_BPS = 2_500_000;

interface PageSample {
  at: number;
  bytesSent: number;
  headerBytesSent: number;
  /** framesDecoded of each remote camera, by peer connection index. */
  framesDecoded: Record<string, number>;
  /** Per camera sender: the limits the app set, and what the encoder does. */
  senders: Array<{
    maxBitrate?: number;
    scaleResolutionDownBy?: number;
    frameWidth?: number;
    frameHeight?: number;
    framesPerSecond?: number;
    qualityLimitationReason?: string;
  }>;
}

interface ParticipantResult {
  name: string;
  outboundBps: number;
  outboundWithHeadersBps: number;
  deviationPct: number;
  /** Sum of the maxBitrate the app set on this participant's camera senders. */
  appliedBudgetBps: number;
  remoteFps: number[];
  encoded: string[];
  qualityLimitation: string[];
}

type Camera = 'fake' | 'busy';

interface SizeResult {
  participants: number;
  camera: Camera;
  /** Set when this size could not be measured (e.g. not everyone decoding within a minute). */
  error?: string;
  capture: string;
  budgetBps: number;
  windowMs: number;
  allDecodingMs: number;
  machineCpuBusy: number;
  perParticipant: ParticipantResult[];
}

main(async () => {
  const values = parseOptions(
    { ...MESH_OPTIONS, budget: { type: 'string' }, camera: { type: 'string' } },
    USAGE,
  );
  const options = {
    ...meshOptions(values, { sizes: [2, 4, 6], smokeSizes: [2], warmup: 10 }, USAGE),
    budgetBps: numberOption(values.budget, 'budget', DEFAULT_BUDGET_BPS),
    cameras: cameraOption(values.camera ?? (values.smoke ? 'fake' : 'both')),
  };
  const startedAt = new Date();
  const server = await startParley();
  try {
    const results: SizeResult[] = [];
    for (const camera of options.cameras) {
      for (const n of options.sizes) {
        process.stderr.write(`${camera} camera, ${n} participants...\n`);
        const result = await withBrowser(camera, captureOf(n, options.smallFrom), (browser) =>
          measure(browser, server.url, n, camera, options),
        ).catch(
          (error: unknown): SizeResult => ({
            participants: n,
            camera,
            error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
            capture: captureOf(n, options.smallFrom).label,
            budgetBps: options.budgetBps,
            windowMs: options.windowMs,
            allDecodingMs: Number.NaN,
            machineCpuBusy: Number.NaN,
            perParticipant: [],
          }),
        );
        results.push(result);
        if (result.error) process.stderr.write(`  failed: ${result.error}\n`);
        for (const p of result.perParticipant) {
          process.stderr.write(
            `  ${p.name}: ${Math.round(p.outboundBps / 1000)} kbit/s (${round(p.deviationPct)}%), remotes ${p.remoteFps.map((f) => round(f)).join(', ')} fps, ${p.encoded.join(' ')} ${p.qualityLimitation.join(' ')}\n`,
          );
        }
      }
    }
    report({
      name: 'uplink',
      startedAt,
      options,
      results,
      table: `${table(
        [
          'camera',
          'N',
          'capture',
          'budget (kbit/s)',
          'maxBitrate set per copy (kbit/s)',
          'outbound per participant, median [min–max] (kbit/s)',
          'deviation from budget, median [worst]',
          'remote decoded fps, median [min]',
          'encoded',
          'limited by',
          'machine CPU',
        ],
        results.map(row),
      )}\n\ntargets: within ±15% of the budget at N = 4 and 6; every remote ≥ 15 fps decoded`,
    });
    const failed = results.filter((r) => r.error);
    if (failed.length > 0)
      throw new Error(`no figures for N = ${failed.map((r) => r.participants).join(', ')}`);
    const numbers = results.flatMap((r) => r.perParticipant.flatMap((p) => [p.outboundBps, ...p.remoteFps]));
    if (numbers.length === 0 || numbers.some((n) => !Number.isFinite(n))) throw new Error('no figures');
  } finally {
    await server.stop();
  }
});

function cameraOption(value: string): Camera[] {
  if (value === 'both') return ['fake', 'busy'];
  if (value === 'fake' || value === 'busy') return [value];
  throw new Error(`--camera must be fake, busy or both; ${USAGE}`);
}

interface Capture {
  label: string;
  width: number;
  height: number;
  fps: number;
  /** The app asks for 640x480; smaller captures need its request rewritten (see smallCamera). */
  small: boolean;
}

function captureOf(n: number, smallFrom: number): Capture {
  return n >= smallFrom
    ? { label: '320x240@15', width: 320, height: 240, fps: 15, small: true }
    : { label: '640x480@20', width: 640, height: 480, fps: 20, small: false };
}

/** A browser for one measurement: Chrome's fake camera, or the busy clip at the capture's size. */
async function withBrowser<T>(
  camera: Camera,
  capture: Capture,
  use: (browser: Browser) => Promise<T>,
): Promise<T> {
  const clip = camera === 'busy' ? writeBusyClip(capture.width, capture.height, capture.fps) : undefined;
  const browser = await launchBrowser(clip ? [`--use-file-for-fake-video-capture=${clip.file}`] : []);
  try {
    return await use(browser);
  } finally {
    await browser.close();
    clip?.remove();
  }
}

function row(r: SizeResult): Array<string | number> {
  if (r.error)
    return [r.camera, r.participants, r.capture, Math.round(r.budgetBps / 1000), `failed: ${r.error}`];
  const kbps = r.perParticipant.map((p) => p.outboundBps / 1000);
  const deviations = r.perParticipant.map((p) => p.deviationPct);
  const worst = deviations.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
  const fps = r.perParticipant.flatMap((p) => p.remoteFps);
  const perCopy = r.perParticipant.map((p) => p.appliedBudgetBps / 1000 / Math.max(1, r.participants - 1));
  const distinct = (items: string[]) => [...new Set(items)].join(', ');
  return [
    r.camera,
    r.participants,
    r.capture,
    Math.round(r.budgetBps / 1000),
    distinct(perCopy.map((k) => String(Math.round(k)))),
    `${Math.round(median(kbps))} [${Math.round(Math.min(...kbps))}–${Math.round(Math.max(...kbps))}]`,
    `${signed(median(deviations))} [${signed(worst)}]`,
    `${round(median(fps))} [${round(Math.min(...fps))}]`,
    distinct(r.perParticipant.flatMap((p) => p.encoded)),
    distinct(r.perParticipant.flatMap((p) => p.qualityLimitation)),
    `${Math.round(r.machineCpuBusy * 100)}%`,
  ];
}

function signed(pct: number): string {
  return `${pct > 0 ? '+' : ''}${round(pct)}%`;
}

async function measure(
  browser: Browser,
  baseURL: string,
  n: number,
  camera: Camera,
  options: { windowMs: number; warmupMs: number; smallFrom: number; budgetBps: number },
): Promise<SizeResult> {
  const roomId = `bench-${randomBytes(6).toString('hex')}`;
  const capture = captureOf(n, options.smallFrom);
  const small = capture.small;
  const opened: BrowserContext[] = [];
  try {
    const pages: Page[] = [];
    for (let i = 0; i < n; i++) {
      const { context, page } = await newParticipant(browser, baseURL);
      opened.push(context);
      await trackPeerConnections(context);
      if (small) await smallCamera(context);
      await page.goto(`/r/${roomId}`);
      await page.getByRole('textbox', { name: 'Your name' }).fill(`P${i + 1}`);
      await waitForLobby(page);
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.getByRole('button', { name: 'Leave' }).waitFor({ timeout: 15_000 });
      pages.push(page);
    }
    const joinedAt = performance.now();
    await Promise.all(pages.map((page) => waitForRemotes(page, n - 1)));
    const allDecodingMs = performance.now() - joinedAt;
    await sleep(options.warmupMs);

    const cpu = machineCpuMeter();
    const before = await Promise.all(pages.map(sample));
    await sleep(options.windowMs);
    const after = await Promise.all(pages.map(sample));
    const machineCpuBusy = cpu();

    const perParticipant = pages.map((_, i): ParticipantResult => {
      const a = before[i] as PageSample;
      const b = after[i] as PageSample;
      const seconds = (b.at - a.at) / 1000;
      const outboundBps = ((b.bytesSent - a.bytesSent) * 8) / seconds;
      const headers = ((b.headerBytesSent - a.headerBytesSent) * 8) / seconds;
      return {
        name: `P${i + 1}`,
        outboundBps,
        outboundWithHeadersBps: outboundBps + headers,
        deviationPct: ((outboundBps - options.budgetBps) / options.budgetBps) * 100,
        appliedBudgetBps: b.senders.reduce((sum, s) => sum + (s.maxBitrate ?? 0), 0),
        remoteFps: Object.keys(b.framesDecoded).map(
          (key) => ((b.framesDecoded[key] ?? 0) - (a.framesDecoded[key] ?? 0)) / seconds,
        ),
        encoded: [
          ...new Set(
            b.senders.map(
              (s) => `${s.frameWidth ?? '?'}x${s.frameHeight ?? '?'}@${round(s.framesPerSecond ?? 0)}`,
            ),
          ),
        ],
        qualityLimitation: [...new Set(b.senders.map((s) => s.qualityLimitationReason ?? '?'))],
      };
    });
    return {
      participants: n,
      camera,
      capture: capture.label,
      budgetBps: options.budgetBps,
      windowMs: options.windowMs,
      allDecodingMs,
      machineCpuBusy,
      perParticipant,
    };
  } finally {
    await Promise.all(opened.map((context) => context.close()));
  }
}

/** Waits until `count` remote camera videos show a picture. */
async function waitForRemotes(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll<HTMLVideoElement>('video[data-peer-id][data-kind="camera"]')].filter(
        (v) => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0,
      ).length >= n,
    count,
    { timeout: 60_000, polling: 250 },
  );
}

/** Outbound video counters and sender limits over every open peer connection of the page. */
function sample(page: Page): Promise<PageSample> {
  return page.evaluate(async () => {
    const result: PageSample = {
      at: performance.now(),
      bytesSent: 0,
      headerBytesSent: 0,
      framesDecoded: {},
      senders: [],
    };
    const connections = (window.__e2ePeerConnections ?? []).filter((pc) => pc.connectionState !== 'closed');
    await Promise.all(
      connections.map(async (pc, index) => {
        const stats = await pc.getStats();
        let framesDecoded = 0;
        const outbound: Array<Record<string, unknown>> = [];
        stats.forEach((report) => {
          if (report.kind !== 'video') return;
          if (report.type === 'inbound-rtp') framesDecoded += report.framesDecoded ?? 0;
          if (report.type === 'outbound-rtp') {
            result.bytesSent += report.bytesSent ?? 0;
            result.headerBytesSent += report.headerBytesSent ?? 0;
            if ((report.bytesSent ?? 0) > 0) outbound.push(report);
          }
        });
        result.framesDecoded[String(index)] = framesDecoded;
        const camera = pc
          .getSenders()
          .find((s) => s.track?.kind === 'video' && s.track.contentHint !== 'detail');
        const encoding = camera?.getParameters().encodings?.[0];
        const out = outbound[0] ?? {};
        result.senders.push({
          maxBitrate: encoding?.maxBitrate,
          scaleResolutionDownBy: encoding?.scaleResolutionDownBy,
          frameWidth: out.frameWidth as number | undefined,
          frameHeight: out.frameHeight as number | undefined,
          framesPerSecond: out.framesPerSecond as number | undefined,
          qualityLimitationReason: out.qualityLimitationReason as string | undefined,
        });
      }),
    );
    return result;
  });
}
