import type { Page } from '@playwright/test';
import { joinByLink, remoteVideos, startCall, toggle } from './support/call.js';
import { attachCallLogs } from './support/diagnostics.js';
import { expect, openParticipant, type Participant, test } from './support/fixtures.js';
import { addGhosts, removeGhosts } from './support/ghosts.js';
import { expectEveryVideoDecoding, expectVideoDecoding } from './support/media.js';
import { type Received, receivedSample, setPageHidden, videoFlowing } from './support/received.js';
import { saveScreenshot } from './support/screenshots.js';
import { type RunningServer, startServer } from './support/server.js';

// Layouts and receiver-driven video (issue 12): four Chromium participants in one call; Ann is the
// receiver whose view changes, and the others' senders must follow what she asks for. One call
// serves every step, in order; a step that fails skips the ones after it.
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: undefined });

let server: RunningServer;
let people: Participant[] = [];
let ann: Participant;
/** Peer ids by name, as Ann sees them. */
const ids = new Map<string, string>();

const sample = (page: Page): Promise<Received> => page.evaluate(receivedSample);

/** Video connections of `page` whose inbound bytes grow over half a second. */
async function flowing(page: Page): Promise<string[]> {
  const before = await sample(page);
  await page.waitForTimeout(500);
  return videoFlowing(before, await sample(page));
}

function widthOf(received: Received, name: string, kind = 'camera'): number {
  const peerId = ids.get(name);
  return received.videos.find((v) => v.peerId === peerId && v.kind === kind)?.frameWidth ?? 0;
}

test.beforeAll(async ({ browser }) => {
  // Room for the six roster-only ghosts of the paging step besides the four people.
  server = await startServer({ MAX_PEERS: '12' });
  for (const name of ['Ann', 'Bob', 'Cy', 'Dee']) {
    people.push(await openParticipant(browser, name, { baseURL: server.url }));
  }
  ann = people[0] as Participant;
});

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture names from this pattern; the hook needs none
test.afterEach(({}, testInfo) => attachCallLogs(testInfo, people, server));

test.afterAll(async () => {
  await Promise.all(people.map((p) => p.context.close()));
  people = [];
  await server?.stop();
});

test('four people in a grid, every camera decoding', async () => {
  const [host, ...guests] = people as [Participant, ...Participant[]];
  const link = await startCall(host);
  for (const guest of guests) await joinByLink(guest, link);
  for (const p of people)
    await expectEveryVideoDecoding(remoteVideos(p.page, 'camera'), 3, { timeout: 20_000 });
  for (const name of ['Bob', 'Cy', 'Dee']) {
    const video = ann.page.locator('figure[data-tile="camera"]', { hasText: name }).locator('video');
    ids.set(name, (await video.getAttribute('data-peer-id')) ?? '');
  }
  expect(new Set(ids.values()).size).toBe(3);
});

test('speaker view: the pinned speaker arrives at full size, the strip at a reduced one', async () => {
  const page = ann.page;
  // Pinned in the grid, where tiles stay put (in speaker view the large tile follows the speaker).
  await page.getByRole('button', { name: 'More options for Bob' }).click();
  await page.getByRole('menuitem', { name: 'Pin' }).click();
  await expect(page.locator('.stage__main figure')).toContainText('Bob');
  await page.getByRole('button', { name: 'Layout' }).click();
  await page.getByRole('menuitemradio', { name: 'Speaker' }).click();
  await expect(page.getByRole('button', { name: 'Layout' })).toBeFocused();

  await expect(async () => {
    const received = await sample(page);
    const bob = widthOf(received, 'Bob');
    expect(bob, JSON.stringify(received.videos)).toBeGreaterThanOrEqual(320);
    for (const name of ['Cy', 'Dee']) {
      const thumb = widthOf(received, name);
      expect(thumb, `${name}: ${JSON.stringify(received.videos)}`).toBeGreaterThan(0);
      expect(thumb, `${name}: ${JSON.stringify(received.videos)}`).toBeLessThan(bob);
      expect(thumb).toBeLessThanOrEqual(320);
    }
  }).toPass({ timeout: 20_000, intervals: [500] });
  // The choice is remembered by this browser.
  expect(await page.evaluate(() => localStorage.getItem('parley:view'))).toContain('"layout":"speaker"');
});

test('audio only stops every sender within 3 s; turning it off brings video back', async () => {
  const page = ann.page;
  await expect.poll(() => flowing(page)).toHaveLength(3);
  await page.getByRole('button', { name: 'Audio only' }).click();
  await expect(page.getByRole('button', { name: 'Audio only' })).toHaveAttribute('aria-pressed', 'true');
  await expect(async () => expect(await flowing(page)).toEqual([])).toPass({
    timeout: 3_000,
    intervals: [0],
  });
  await expect(remoteVideos(page, 'camera')).toHaveCount(0);
  await page.getByRole('button', { name: 'Audio only' }).click();
  await expect(async () => expect(await flowing(page)).toHaveLength(3)).toPass({ timeout: 10_000 });
  await expect(remoteVideos(page, 'camera')).toHaveCount(3);
});

test('a hidden tab pauses what it receives, and gets it back when shown', async () => {
  const page = ann.page;
  const hiddenAt = Date.now();
  await page.evaluate(setPageHidden, true);
  // The issue bounds only audio-only (3 s, above); a hidden tab must pause. Here the page is hidden
  // by emulation, so unlike a real hidden tab it goes on rendering the three videos while we read its
  // stats, and on a loaded 2-core CI machine each half-second reading stretches: 3 s failed twice
  // there. The time it took is recorded in the report.
  await expect(async () => expect(await flowing(page)).toEqual([])).toPass({
    timeout: 8_000,
    intervals: [0],
  });
  test.info().annotations.push({ type: 'paused after', description: `${Date.now() - hiddenAt} ms` });
  await page.evaluate(setPageHidden, false);
  await expect(async () => expect(await flowing(page)).toHaveLength(3)).toPass({ timeout: 10_000 });
});

test('data saver receives every video at thumbnail size', async () => {
  const page = ann.page;
  await page.getByRole('button', { name: 'Data saver' }).click();
  await expect(async () => {
    const received = await sample(page);
    for (const name of ['Bob', 'Cy', 'Dee']) {
      const width = widthOf(received, name);
      expect(width, `${name}: ${JSON.stringify(received.videos)}`).toBeGreaterThan(0);
      expect(width).toBeLessThanOrEqual(240);
    }
  }).toPass({ timeout: 15_000, intervals: [500] });
  await page.getByRole('button', { name: 'Data saver' }).click();
});

const PHONE = { width: 375, height: 740 };

test('a grid past nine pages, and a tile on another page receives no video', async () => {
  const page = ann.page;
  const dee = people[3] as Participant;
  await page.getByRole('button', { name: 'More options for Bob' }).click();
  await page.getByRole('menuitem', { name: 'Unpin' }).click();
  await page.getByRole('button', { name: 'Layout' }).click();
  await page.getByRole('menuitemradio', { name: 'Grid' }).click();
  const roomId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  await page.evaluate(addGhosts, { roomId, names: ['Eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'] });

  await expect(page.getByText('Page 1 of 2')).toBeVisible();
  await expect(page.locator('.grid > li')).toHaveCount(9);
  await expect(async () => expect(await flowing(page)).toHaveLength(3)).toPass({ timeout: 10_000 });
  await saveScreenshot(page, 'layout-grid-paging-desktop');

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('Page 2 of 2')).toBeVisible();
  await expect(page.locator('.grid > li')).toHaveCount(1);
  // Bob, Cy and Dee are on page 1 now out of sight: their senders stop sending to Ann.
  await expect(async () => expect(await flowing(page)).toEqual([])).toPass({
    timeout: 5_000,
    intervals: [0],
  });
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(async () => expect(await flowing(page)).toHaveLength(3)).toPass({ timeout: 10_000 });

  await dee.page.setViewportSize(PHONE);
  await expect(dee.page.getByText('Page 1 of 3')).toBeVisible();
  await expect(dee.page.locator('.grid > li')).toHaveCount(4);
  await saveScreenshot(dee.page, 'layout-grid-paging-phone');
  await page.evaluate(removeGhosts);
  await expect(page.locator('.grid > li')).toHaveCount(4);
});

test('a shared screen takes the stage; audio only shows initials', async () => {
  const page = ann.page;
  const [, bob, , dee] = people as [Participant, Participant, Participant, Participant];
  await toggle(bob.page, 'Share screen').click();
  for (const p of [page, dee.page]) {
    await expect(p.locator('.stage__main video[data-kind="screen"]')).toBeVisible({ timeout: 15_000 });
    await expectVideoDecoding(p.locator('.stage__main video[data-kind="screen"]'));
  }
  await page.getByRole('button', { name: 'Layout' }).click();
  await page.getByRole('menuitemradio', { name: 'Speaker' }).click();
  await saveScreenshot(page, 'layout-speaker-screen-desktop');
  await saveScreenshot(dee.page, 'layout-speaker-screen-phone');
  await toggle(bob.page, 'Share screen').click();

  for (const p of [page, dee.page]) {
    await p.getByRole('button', { name: 'Audio only' }).click();
    await expect(p.getByRole('status').filter({ hasText: 'Audio only' })).toBeVisible();
    await expect(remoteVideos(p, 'camera')).toHaveCount(0);
  }
  await saveScreenshot(page, 'layout-audio-only-desktop');
  await saveScreenshot(dee.page, 'layout-audio-only-phone');
});
