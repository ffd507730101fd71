import type { Page } from '@playwright/test';
import { connectionStates, joinByLink, remoteVideos, startCall, toggle } from './support/call.js';
import { chatLog, openChat, pasteChat } from './support/features.js';
import { expect, openParticipant, type Participant, test } from './support/fixtures.js';
import {
  click,
  control,
  expectPressed,
  type FirefoxParticipant,
  launchFirefox,
  waitUntil,
} from './support/firefox.js';
import { type Flow, measureFlow } from './support/flow.js';
import { type Received, receivedSample, videoFlowing } from './support/received.js';
import { CODE_FORMAT, readSecurityCodes } from './support/privacy.js';
import { type RunningServer, startServer } from './support/server.js';

// A second engine in the call: Firefox (driven by puppeteer-core over WebDriver BiDi) joins two
// Chromium participants. One call serves every step, in order, to keep the suite fast; a step
// that fails skips the ones after it.
test.describe.configure({ mode: 'serial' });
// The file starts its own server in beforeAll; a baseURL of its own keeps the per-test `server`
// fixture (which the default baseURL depends on) from starting an unused one for every test and hook.
test.use({ baseURL: undefined });

let server: RunningServer;
let ada: Participant;
let bob: Participant;
let fox: FirefoxParticipant;
let link: string;
/** Peer ids by name, learnt from which videos each side shows (the app does not show its own). */
const ids = new Map<string, string>();

const flowAt = {
  chromium: (page: Page) => measureFlow((fn) => page.evaluate(fn)),
  firefox: () => measureFlow((fn) => fox.page.evaluate(fn)),
};

function id(name: string): string {
  const peerId = ids.get(name);
  if (!peerId) throw new Error(`no peer id learnt for ${name}`);
  return peerId;
}

/** Polls until `check` passes on a fresh measure (two samples a second apart). */
async function expectFlow(measure: () => Promise<Flow>, check: (flow: Flow) => void, timeout = 20_000) {
  await expect(async () => check(await measure())).toPass({ timeout, intervals: [250] });
}

test.beforeAll(async ({ browser }) => {
  fox = await launchFirefox('Fox');
  server = await startServer();
  ada = await openParticipant(browser, 'Ada', { baseURL: server.url });
  bob = await openParticipant(browser, 'Bob', { baseURL: server.url });
});

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture names from this pattern; the hook needs none
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const p of [ada, bob, fox]) {
    if (p) await testInfo.attach(`console-${p.name}.txt`, { body: p.console(), contentType: 'text/plain' });
  }
  if (server) await testInfo.attach('server.log', { body: server.logs(), contentType: 'text/plain' });
});

test.afterAll(async () => {
  await Promise.all([fox?.close(), ada?.context.close(), bob?.context.close()]);
  await server?.stop();
});

test('Firefox joins two Chromium participants: every side decodes every camera and hears everyone', async () => {
  link = await startCall(ada);
  await joinByLink(bob, link);
  await fox.page.goto(link);
  await (await control(fox.page, 'textbox', 'Your name')).type(fox.name);
  await click(fox.page, 'button', 'Join');
  await control(fox.page, 'button', 'Leave');

  const everyone = [
    { name: 'Ada', measure: () => flowAt.chromium(ada.page) },
    { name: 'Bob', measure: () => flowAt.chromium(bob.page) },
    { name: 'Fox', measure: flowAt.firefox },
  ];
  const seen = new Map<string, string[]>();
  const codecs = new Map<string, string[]>();
  for (const { name, measure } of everyone) {
    await expectFlow(measure, (flow) => {
      expect(flow.decoding('camera'), `cameras decoding at ${name}`).toHaveLength(2);
      expect(flow.videoConnections, `connections decoding video at ${name}`).toBe(2);
      expect(flow.audioConnections, `connections decoding audio at ${name}`).toBe(2);
      expect(flow.codecs.join(' '), `codecs at ${name}`).not.toMatch(/h264/i);
      codecs.set(name, flow.codecs);
      seen.set(name, flow.decoding('camera'));
    });
    test.info().annotations.push({ type: `codecs at ${name}`, description: codecs.get(name)?.join(', ') });
  }
  // Each person is the one camera the other two both show: three distinct ids, or someone shows a
  // camera under the wrong peer.
  const shared = (a: string, b: string) => seen.get(a)?.filter((peerId) => seen.get(b)?.includes(peerId));
  ids.set('Ada', shared('Bob', 'Fox')?.[0] ?? '');
  ids.set('Bob', shared('Ada', 'Fox')?.[0] ?? '');
  ids.set('Fox', shared('Ada', 'Bob')?.[0] ?? '');
  expect(new Set(ids.values()).size, JSON.stringify(Object.fromEntries(seen))).toBe(3);
});

/** Each engine's receiver sample, and the connections whose inbound video grows over half a second. */
const receivedAt = {
  chromium: (page: Page): Promise<Received> => page.evaluate(receivedSample),
  firefox: (): Promise<Received> => fox.page.evaluate(receivedSample),
};
async function flowing(sample: () => Promise<Received>): Promise<string[]> {
  const before = await sample();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return videoFlowing(before, await sample());
}
const widthOf = (received: Received, peerId: string) =>
  received.videos.find((v) => v.peerId === peerId && v.kind === 'camera')?.frameWidth ?? 0;

test("a Chromium receiver's requests are honoured by a Firefox sender, and the reverse", async () => {
  // Chromium asks: thumbnails only, then no video at all. Firefox (and Chromium) senders follow.
  await ada.page.getByRole('button', { name: 'Data saver' }).click();
  await expect(async () => {
    const received = await receivedAt.chromium(ada.page);
    expect(widthOf(received, id('Fox')), JSON.stringify(received.videos)).toBeGreaterThan(0);
    expect(widthOf(received, id('Fox')), JSON.stringify(received.videos)).toBeLessThanOrEqual(240);
  }).toPass({ timeout: 15_000, intervals: [500] });
  await ada.page.getByRole('button', { name: 'Audio only' }).click();
  await expect(async () => expect(await flowing(() => receivedAt.chromium(ada.page))).toEqual([])).toPass({
    timeout: 5_000,
    intervals: [0],
  });
  await ada.page.getByRole('button', { name: 'Audio only' }).click();
  await ada.page.getByRole('button', { name: 'Data saver' }).click();
  await expect(async () => expect(await flowing(() => receivedAt.chromium(ada.page))).toHaveLength(2)).toPass(
    { timeout: 10_000 },
  );

  // Firefox asks the same; the Chromium senders follow.
  await click(fox.page, 'button', 'Data saver');
  await expectPressed(fox.page, 'Data saver', true);
  await expect(async () => {
    const received = await receivedAt.firefox();
    for (const name of ['Ada', 'Bob']) {
      expect(widthOf(received, id(name)), JSON.stringify(received.videos)).toBeGreaterThan(0);
      expect(widthOf(received, id(name)), JSON.stringify(received.videos)).toBeLessThanOrEqual(240);
    }
  }).toPass({ timeout: 15_000, intervals: [500] });
  await click(fox.page, 'button', 'Audio only');
  await expect(async () => expect(await flowing(receivedAt.firefox)).toEqual([])).toPass({
    timeout: 5_000,
    intervals: [0],
  });
  await click(fox.page, 'button', 'Audio only');
  await click(fox.page, 'button', 'Data saver');
  await expectPressed(fox.page, 'Data saver', false);
  await expect(async () => expect(await flowing(receivedAt.firefox)).toHaveLength(2)).toPass({
    timeout: 10_000,
  });
});

test('both ends of every link show the same security code, Firefox included', async () => {
  await click(fox.page, 'button', 'Verify security');
  await waitUntil(
    fox.page,
    'two security codes and the call code show',
    () => document.querySelectorAll('dialog [data-security-code]').length === 3,
  );
  const atFox = await fox.page.evaluate(() => {
    const codes: Record<string, string> = {};
    for (const dd of document.querySelectorAll<HTMLElement>('dialog [data-peer-id][data-security-code]')) {
      codes[dd.dataset.peerId ?? ''] = dd.dataset.securityCode ?? '';
    }
    const room = document.querySelector<HTMLElement>('dialog [data-room-code]')?.dataset.securityCode;
    return { codes, room };
  });
  await click(fox.page, 'button', 'Close');
  const atAda = await readSecurityCodes(ada.page, 2);
  const atBob = await readSecurityCodes(bob.page, 2);

  expect(atFox.codes[id('Ada')], "Fox's code for Ada").toMatch(CODE_FORMAT);
  expect(atAda.byName.get('Fox')?.code, "Ada's code for Fox").toBe(atFox.codes[id('Ada')]);
  expect(atBob.byName.get('Fox')?.code, "Bob's code for Fox").toBe(atFox.codes[id('Bob')]);
  expect(atBob.byName.get('Ada')?.code, "Bob's code for Ada").toBe(atAda.byName.get('Bob')?.code);
  expect(atAda.byName.get('Fox')?.peerId).toBe(id('Fox'));
  // One certificate per participant on all its links: the same call code in both engines.
  expect(atFox.room).toMatch(CODE_FORMAT);
  expect([atAda.room, atBob.room]).toEqual([atFox.room, atFox.room]);
});

test('a Chromium screen share reaches Firefox as a screen, and leaves when stopped', async () => {
  await toggle(ada.page, 'Share screen').click();
  await expect(toggle(ada.page, 'Share screen')).toHaveAttribute('aria-pressed', 'true');
  await expectFlow(flowAt.firefox, (flow) => {
    expect(flow.decoding('screen')).toEqual([id('Ada')]);
    expect(flow.decoding('camera').sort()).toEqual([id('Ada'), id('Bob')].sort());
  });

  await toggle(ada.page, 'Share screen').click();
  await waitUntil(
    fox.page,
    'the screen video goes away',
    () => document.querySelectorAll('video[data-kind="screen"]').length === 0,
    { timeout: 5_000 },
  );
});

test('chat crosses between Chromium and Firefox both ways', async () => {
  await openChat(ada.page);
  await pasteChat(ada.page, 'Hello from Chromium');

  await click(fox.page, 'button', 'Chat');
  const log = '[role="log"]';
  await waitUntil(
    fox.page,
    "Ada's message shows",
    (log) => /Ada[\s\S]*Hello from Chromium/.test(document.querySelector(log)?.textContent ?? ''),
    { arg: log },
  );
  await (await control(fox.page, 'textbox', 'Message')).type('Hello from Firefox');
  await fox.page.keyboard.press('Enter');

  await expect(chatLog(ada.page)).toContainText('Hello from Firefox');
  await expect(chatLog(ada.page).getByText('Fox', { exact: true })).toBeVisible();
  await openChat(bob.page);
  await expect(chatLog(bob.page)).toContainText('Hello from Firefox');
  await expect(chatLog(bob.page)).toContainText('Hello from Chromium');
});

test("Firefox's camera toggle reaches the others", async () => {
  await click(fox.page, 'button', 'Camera');
  await expectPressed(fox.page, 'Camera', false);
  for (const p of [ada, bob]) {
    await expect(p.page.locator(`video[data-peer-id="${id('Fox')}"]`)).toHaveCount(0);
  }

  await click(fox.page, 'button', 'Camera');
  await expectPressed(fox.page, 'Camera', true);
  for (const p of [ada, bob]) {
    await expectFlow(
      () => flowAt.chromium(p.page),
      (flow) => expect(flow.decoding('camera')).toContain(id('Fox')),
    );
  }
});

test('Firefox without WebGL2 is told blur cannot start, and its camera still reaches the others', async () => {
  // Headless Firefox has no WebGL2, which the segmentation model needs: the choice must not be a
  // silent no-op or freeze the page, but say so and go back to None.
  await click(fox.page, 'button', 'Settings');
  await waitUntil(fox.page, 'the Background choice shows in Settings', () =>
    [...document.querySelectorAll('dialog label')].some((l) => l.textContent === 'Background'),
  );
  const select = await fox.page.evaluateHandle(
    () =>
      [...document.querySelectorAll<HTMLLabelElement>('dialog label')].find(
        (l) => l.textContent === 'Background',
      )?.control as HTMLSelectElement,
  );
  await select.select('blur');
  await waitUntil(
    fox.page,
    'the background notice shows and the choice is None again',
    () => {
      const label = [...document.querySelectorAll<HTMLLabelElement>('dialog label')].find(
        (l) => l.textContent === 'Background',
      );
      const notice = label?.parentElement?.querySelector('[role="status"]')?.textContent ?? '';
      return /could not start/.test(notice) && (label?.control as HTMLSelectElement | null)?.value === 'none';
    },
    { timeout: 5_000 },
  );
  await click(fox.page, 'button', 'Close');
  for (const p of [ada, bob]) {
    await expectFlow(
      () => flowAt.chromium(p.page),
      (flow) => expect(flow.decoding('camera')).toContain(id('Fox')),
    );
  }
});

test("Firefox's Leave reaches the others", async () => {
  await click(fox.page, 'button', 'Leave');
  await control(fox.page, 'button', 'New room');
  for (const p of [ada, bob]) {
    await expect(remoteVideos(p.page, 'camera')).toHaveCount(1);
    await expect(p.page.locator(`video[data-peer-id="${id('Fox')}"]`)).toHaveCount(0);
    await expect.poll(() => connectionStates(p.page)).toEqual(['connected']);
  }
  await expectFlow(
    () => flowAt.chromium(ada.page),
    (flow) => expect(flow.decoding('camera')).toEqual([id('Bob')]),
  );
});
