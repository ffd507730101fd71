import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startParley } from '../lib/server.js';
import {
  installJoinClock,
  type JoinClock,
  launchBrowser,
  newParticipant,
  readJoinClock,
  waitForLobby,
} from '../lib/browser.js';
import { forkTs, stopChild } from '../lib/processes.js';
import { main, numberOption, parseOptions, report, table } from '../lib/results.js';
import { median, round } from '../lib/stats.js';
import { installTrace, readTrace } from './trace.js';

/**
 * Join time, Parley against a hand-written baseline (baseline/), in one headless Chromium:
 * - pair: one person already in the room; from the newcomer's click on Join to the first frame of
 *   the other's camera presented on the newcomer's page;
 * - mesh: `meshSize` people wait in the lobby and press Join together; from the first click to the
 *   moment every one of them has presented a frame from each of the others;
 * - lobby: from opening the room link (navigation start, cold cache) to the lobby being ready: the
 *   self preview shows a picture and Join can be pressed (Parley with a remembered name, as on a
 *   second visit; the baseline has no name to ask for).
 */

const USAGE = 'usage: pnpm bench:join [--runs 5] [--mesh-size 4] [--trace] [--smoke]';
const FRAME_TIMEOUT_MS = 30_000;

interface Contender {
  name: 'parley' | 'baseline';
  url(roomId: string): string;
  /** Gets a fresh page from the landing URL to a lobby where Join can be pressed. */
  enterLobby(page: Page, name: string): Promise<void>;
  /** Resolves once the page is in the call (its join went through). */
  joined(page: Page): Promise<void>;
  /** Prepares a fresh context for the lobby measure (e.g. a remembered name). */
  prepareLobby?(context: BrowserContext): Promise<void>;
}

type Measure = 'pair' | 'mesh' | 'lobby';

interface Sample {
  ms?: number;
  error?: string;
  /** Mesh only: how far apart the first and last clicks on Join were. */
  clickSpreadMs?: number;
  /** Mesh only: for each participant, from the first click to its own last first-frame (sorted). */
  perParticipantMs?: number[];
}

main(async () => {
  const values = parseOptions(
    {
      runs: { type: 'string' },
      'mesh-size': { type: 'string' },
      smoke: { type: 'boolean', default: false },
      trace: { type: 'boolean', default: false },
    },
    USAGE,
  );
  const runs = numberOption(values.runs, 'runs', values.smoke ? 1 : 5);
  const meshSize = numberOption(values['mesh-size'], 'mesh-size', 4);
  if (meshSize < 2) throw new Error(USAGE);
  const startedAt = new Date();

  const parley = await startParley();
  const relay = await forkTs(new URL('baseline/relay.ts', import.meta.url).pathname);
  const relayUrl = `http://127.0.0.1:${relay.port}`;
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const contenders: Contender[] = [
      {
        name: 'parley',
        url: (roomId) => `${parley.url}/r/${roomId}`,
        enterLobby: async (page, name) => {
          await page.getByRole('textbox', { name: 'Your name' }).fill(name);
          await waitForLobby(page);
        },
        joined: (page) => page.getByRole('button', { name: 'Leave' }).waitFor({ timeout: 15_000 }),
        prepareLobby: async (context) => {
          await context.addInitScript(() => localStorage.setItem('parley:name', 'Returning visitor'));
        },
      },
      {
        name: 'baseline',
        url: (roomId) => `${relayUrl}/?room=${roomId}`,
        enterLobby: (page) => waitForLobby(page),
        joined: (page) => page.locator('button[disabled]').waitFor({ timeout: 15_000 }),
      },
    ];
    const samples: Record<Contender['name'], Record<Measure, Sample[]>> = {
      parley: { pair: [], mesh: [], lobby: [] },
      baseline: { pair: [], mesh: [], lobby: [] },
    };
    for (let run = 0; run < runs; run++) {
      // Alternate who goes first, so a slow drift of the machine does not favour one side.
      const order = run % 2 === 0 ? contenders : [...contenders].reverse();
      for (const contender of order) {
        const trace = values.trace && run === 0;
        const pair = await attempt(() => measurePair(browser as Browser, contender, trace));
        const mesh = await attempt(() => measureMesh(browser as Browser, contender, meshSize));
        const lobby = await attempt(() => measureLobby(browser as Browser, contender));
        samples[contender.name].pair.push(pair);
        samples[contender.name].mesh.push(mesh);
        samples[contender.name].lobby.push(lobby);
        process.stderr.write(
          `run ${run + 1}/${runs} ${contender.name}: pair ${show(pair)}, mesh of ${meshSize} ${show(mesh)}, lobby ${show(lobby)}\n`,
        );
      }
    }

    const summary = (name: Contender['name'], kind: Measure) => {
      const ok = samples[name][kind].flatMap((s) => (s.ms === undefined ? [] : [s.ms]));
      return {
        medianMs: round(median(ok)),
        range: ok.length > 0 ? `${Math.round(Math.min(...ok))}–${Math.round(Math.max(...ok))}` : '-',
        okRuns: ok.length,
      };
    };
    const rows = (['pair', 'mesh', 'lobby'] as const).map((kind) => {
      const p = summary('parley', kind);
      const b = summary('baseline', kind);
      return {
        measure: {
          pair: 'join → first remote frame (1 already in room)',
          mesh: `${meshSize}-person mesh fully decoding`,
          lobby: 'open room link → lobby ready (preview playing, Join enabled)',
        }[kind],
        parleyMedianMs: p.medianMs,
        parleyRange: p.range,
        baselineMedianMs: b.medianMs,
        baselineRange: b.range,
        ratio: round(p.medianMs / b.medianMs, 2),
        target: '≤ 1.25×',
        runs: `${p.okRuns}/${runs} + ${b.okRuns}/${runs}`,
      };
    });
    report({
      name: 'join',
      startedAt,
      options: { runs, meshSize, smoke: values.smoke },
      results: { summary: rows, samples },
      table: table(
        [
          'measure',
          'Parley median [range] (ms)',
          'baseline median [range] (ms)',
          'Parley / baseline',
          'target',
          'runs ok (P + B)',
        ],
        rows.map((r) => [
          r.measure,
          `${Math.round(r.parleyMedianMs)} [${r.parleyRange}]`,
          `${Math.round(r.baselineMedianMs)} [${r.baselineRange}]`,
          r.ratio,
          r.target,
          r.runs,
        ]),
      ),
    });
    if (rows.some((r) => !Number.isFinite(r.ratio))) throw new Error('some measures have no successful run');
  } finally {
    await browser?.close();
    await parley.stop();
    await stopChild(relay.child);
  }
});

async function attempt(measure: () => Promise<Sample>): Promise<Sample> {
  try {
    return await measure();
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

function show(sample: Sample): string {
  return sample.ms === undefined ? `failed (${sample.error})` : `${Math.round(sample.ms)} ms`;
}

function freshRoomId(): string {
  return `bench-${randomBytes(6).toString('hex')}`;
}

async function openLobby(
  browser: Browser,
  contender: Contender,
  roomId: string,
  name: string,
  trace = false,
): Promise<{ context: BrowserContext; page: Page }> {
  const participant = await newParticipant(browser, contender.url(roomId));
  await installJoinClock(participant.context);
  if (trace) await installTrace(participant.context);
  await participant.page.goto(contender.url(roomId));
  await contender.enterLobby(participant.page, name);
  return participant;
}

const joinButton = (page: Page) => page.getByRole('button', { name: 'Join', exact: true });

async function waitForFrames(page: Page, count: number): Promise<JoinClock> {
  await page.waitForFunction((n) => Object.keys(window.__benchJoin?.firstFrames ?? {}).length >= n, count, {
    timeout: FRAME_TIMEOUT_MS,
    polling: 50,
  });
  return readJoinClock(page);
}

async function measurePair(browser: Browser, contender: Contender, trace = false): Promise<Sample> {
  const roomId = freshRoomId();
  const opened: BrowserContext[] = [];
  try {
    const host = await openLobby(browser, contender, roomId, 'Host', trace);
    opened.push(host.context);
    await joinButton(host.page).click();
    await contender.joined(host.page);
    const guest = await openLobby(browser, contender, roomId, 'Guest', trace);
    opened.push(guest.context);
    await joinButton(guest.page).click();
    const clock = await waitForFrames(guest.page, 1);
    const first = Math.min(...Object.values(clock.firstFrames));
    if (clock.clickedAt === undefined) throw new Error('the click on Join was not seen');
    if (trace) {
      const lines = await readTrace(guest.page, clock.clickedAt);
      lines.push(`${String(Math.round(first - clock.clickedAt)).padStart(6)} ms  first remote frame`);
      const hostLines = (await readTrace(host.page, clock.clickedAt)).filter(
        (line) => !line.trimStart().startsWith('-'),
      );
      process.stderr.write(
        `\n${contender.name}: the newcomer's join, from the click on Join\n${lines.join('\n')}\n` +
          `\n${contender.name}: the same join at the participant already in the room\n${hostLines.join('\n')}\n\n`,
      );
    }
    return { ms: first - clock.clickedAt };
  } finally {
    await Promise.all(opened.map((context) => context.close()));
  }
}

async function measureMesh(browser: Browser, contender: Contender, size: number): Promise<Sample> {
  const roomId = freshRoomId();
  const opened: BrowserContext[] = [];
  try {
    const pages: Page[] = [];
    for (let i = 0; i < size; i++) {
      const participant = await openLobby(browser, contender, roomId, `P${i + 1}`);
      opened.push(participant.context);
      pages.push(participant.page);
    }
    await Promise.all(pages.map((page) => joinButton(page).click()));
    const clocks = await Promise.all(pages.map((page) => waitForFrames(page, size - 1)));
    const clicks = clocks.map((c) => c.clickedAt ?? Number.NaN);
    if (clicks.some(Number.isNaN)) throw new Error('a click on Join was not seen');
    const start = Math.min(...clicks);
    const perParticipantMs = clocks
      .map((c) => Math.round(Math.max(...Object.values(c.firstFrames)) - start))
      .sort((a, b) => a - b);
    return {
      ms: Math.max(...perParticipantMs),
      clickSpreadMs: Math.round(Math.max(...clicks) - start),
      perParticipantMs,
    };
  } finally {
    await Promise.all(opened.map((context) => context.close()));
  }
}

/** Navigation start of a cold page to the lobby's readiness, read on the page's own clock. */
async function measureLobby(browser: Browser, contender: Contender): Promise<Sample> {
  const { context, page } = await newParticipant(browser, contender.url(freshRoomId()));
  try {
    await contender.prepareLobby?.(context);
    await page.goto(contender.url(freshRoomId()));
    const readyAt = await page.waitForFunction(
      () => {
        const preview = document.querySelector<HTMLVideoElement>('video[data-local]');
        const join = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Join');
        const ready = preview !== null && preview.videoWidth > 0 && join !== undefined && !join.disabled;
        return ready ? performance.now() : false;
      },
      undefined,
      { timeout: FRAME_TIMEOUT_MS, polling: 'raf' },
    );
    return { ms: (await readyAt.jsonValue()) as number };
  } finally {
    await context.close();
  }
}
