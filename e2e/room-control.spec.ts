import type { Page } from '@playwright/test';
import { connectionStates, remoteVideos, startCall, tileOf, toggle } from './support/call.js';
import { expect, openParticipant, type Participant, test } from './support/fixtures.js';
import { type Flow, measureFlow } from './support/flow.js';
import { expectVideoDecoding } from './support/media.js';
import { saveScreenshot } from './support/screenshots.js';
import { type RunningServer, startServer } from './support/server.js';

// Room control (issue 11): a host, a door that locks, knocking, moderation, hands and reactions.
// One call serves every step, in order, to keep the suite fast; a step that fails skips the rest.
test.describe.configure({ mode: 'serial' });
// The file starts its own server in beforeAll (see firefox.spec.ts for why baseURL is cleared).
test.use({ baseURL: undefined });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { width: 1280, height: 800 };

let server: RunningServer;
let ada: Participant;
let bob: Participant;
let cy: Participant;
/** Knocks with Bob in "Admit all", then comes back with the room password. */
let dee: Participant | undefined;
let link: string;

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const asking = (page: Page) => page.getByRole('status').filter({ hasText: 'Asking to join…' });

/** Opens the room link, fills the name and presses Join: at a locked room, the person knocks. */
async function knock(p: Participant): Promise<void> {
  await p.page.goto(link);
  await p.page.getByRole('textbox', { name: 'Your name' }).fill(p.name);
  await button(p.page, 'Join').click();
  await expect(asking(p.page)).toBeVisible();
  await expect(button(p.page, 'Cancel')).toBeVisible();
}

async function openParticipants(page: Page): Promise<void> {
  const toggleButton = button(page, 'Participants');
  if ((await toggleButton.getAttribute('aria-pressed')) !== 'true') await toggleButton.click();
  await expect(page.getByRole('heading', { name: /^Participants/ })).toBeVisible();
}

async function closeParticipants(page: Page): Promise<void> {
  // The panel's own Close: on a phone the panel covers the Participants toggle.
  if ((await button(page, 'Participants').getAttribute('aria-pressed')) === 'true') {
    await button(page, 'Close participants').click();
  }
  await expect(page.getByRole('heading', { name: /^Participants/ })).toHaveCount(0);
}

/** The row of `name` in the Participants panel of `page` (its text starts with the name, then badges). */
const rosterRow = (page: Page, name: string) =>
  page.locator('li[data-peer]').filter({ hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) });

/** Polls until `check` passes on a fresh measure of what `page` decodes (two samples a second apart). */
async function expectFlow(page: Page, check: (flow: Flow) => void): Promise<void> {
  await expect(async () => check(await measureFlow((fn) => page.evaluate(fn)))).toPass({
    timeout: 20_000,
    intervals: [250],
  });
}

async function openMenuFor(page: Page, name: string): Promise<void> {
  await openParticipants(page);
  await button(page, `More actions for ${name}`).click();
  await expect(page.getByRole('menu', { name: `More actions for ${name}` })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  server = await startServer();
  ada = await openParticipant(browser, 'Ada', { baseURL: server.url, viewport: DESKTOP });
  bob = await openParticipant(browser, 'Bob', { baseURL: server.url, viewport: DESKTOP });
  cy = await openParticipant(browser, 'Cy', { baseURL: server.url, ...PHONE });
});

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture names from this pattern; the hook needs none
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const p of [ada, bob, cy, dee]) {
    if (p) await testInfo.attach(`console-${p.name}.txt`, { body: p.console(), contentType: 'text/plain' });
  }
  if (server) await testInfo.attach('server.log', { body: server.logs(), contentType: 'text/plain' });
});

test.afterAll(async () => {
  await Promise.all([ada, bob, cy, dee].map((p) => p?.context.close()));
  await server?.stop();
});

test('the first in is host and locks the room; a knock is admitted and both sides decode', async () => {
  link = await startCall(ada);
  await button(ada.page, 'Lock room').click();
  await expect(button(ada.page, 'Lock room')).toHaveAttribute('aria-pressed', 'true');

  await knock(bob);
  await saveScreenshot(bob.page, 'knock-prompt-desktop');
  // The panel is closed: the host is told in a toast, with Admit and Deny at hand.
  await expect(ada.page.getByText('Bob wants to join')).toBeVisible();
  await button(ada.page, 'Admit').click();
  await expect(button(bob.page, 'Leave')).toBeVisible();
  await expectVideoDecoding(remoteVideos(ada.page, 'camera').first());
  await expectVideoDecoding(remoteVideos(bob.page, 'camera').first());
  // Bob is not a host: none of the host controls.
  await expect(button(bob.page, 'Lock room')).toHaveCount(0);
  await expect(button(bob.page, 'End call for everyone')).toHaveCount(0);
});

test('a denied knock is told so and never connects to anyone', async () => {
  await knock(cy);
  await saveScreenshot(cy.page, 'knock-prompt-phone');
  await expect(ada.page.getByText('Cy wants to join')).toBeVisible();
  await button(ada.page, 'Deny').click();
  await expect(cy.page.getByText("The host didn't let you in")).toBeVisible();
  await expect(button(cy.page, 'Join')).toBeVisible();
  expect(await cy.page.evaluate(() => (window.__e2ePeerConnections ?? []).length)).toBe(0);
  await expect(ada.page.getByText('Cy wants to join')).toHaveCount(0);
});

test('a host removes someone: their tile goes at once, they see why, and coming back means knocking', async () => {
  await openMenuFor(ada.page, 'Bob');
  for (const item of ['Make host', 'Mute', 'Stop screen share', 'Lower hand', 'Remove from call']) {
    await expect(ada.page.getByRole('menuitem', { name: item })).toBeVisible();
  }
  // Keyboard: arrows move through the items, Escape closes and gives focus back to the button.
  await expect(ada.page.getByRole('menuitem', { name: 'Make host' })).toBeFocused();
  await ada.page.keyboard.press('ArrowUp');
  await expect(ada.page.getByRole('menuitem', { name: 'Remove from call' })).toBeFocused();
  await saveScreenshot(ada.page, 'participants-menu-desktop');
  await ada.page.setViewportSize(PHONE.viewport);
  await saveScreenshot(ada.page, 'participants-menu-phone');
  await ada.page.setViewportSize(DESKTOP);
  await ada.page.keyboard.press('Escape');
  await expect(ada.page.getByRole('menu')).toHaveCount(0);
  await expect(button(ada.page, 'More actions for Bob')).toBeFocused();

  await ada.page.keyboard.press('Enter');
  await ada.page.getByRole('menuitem', { name: 'Remove from call' }).click();
  await expect(tileOf(ada.page, 'Bob')).toHaveCount(0, { timeout: 2_000 });
  await expect(bob.page.getByRole('heading', { name: 'You were removed from the call' })).toBeVisible();
  await expect(bob.page.getByText('Ada, a host of the call, removed you')).toBeVisible();
  await expect(button(bob.page, 'Go to the start page')).toBeVisible();
  await saveScreenshot(bob.page, 'removed-desktop');
  await bob.page.setViewportSize(PHONE.viewport);
  await saveScreenshot(bob.page, 'removed-phone');
  await bob.page.setViewportSize(DESKTOP);
  await expect.poll(() => connectionStates(bob.page)).toEqual([]);

  // Even with the door unlocked, the removed person has to knock to come back.
  await button(ada.page, 'Lock room').click();
  await expect(button(ada.page, 'Lock room')).toHaveAttribute('aria-pressed', 'false');
  await bob.page.reload();
  await button(bob.page, 'Join').click();
  await expect(asking(bob.page)).toBeVisible();
  await expect(ada.page.getByText('Bob wants to join')).toBeVisible();
  // Withdrawn: it disappears at the host.
  await button(bob.page, 'Cancel').click();
  await expect(button(bob.page, 'Join')).toBeVisible();
  await expect(ada.page.getByText('Bob wants to join')).toHaveCount(0);
  // Bob stays in the lobby: he knocks again in "Admit all".
});

test('a host mutes someone, who is told who did it and can turn the microphone back on', async () => {
  await button(ada.page, 'Lock room').click();
  await expect(button(ada.page, 'Lock room')).toHaveAttribute('aria-pressed', 'true');
  await button(cy.page, 'Join').click();
  await expect(asking(cy.page)).toBeVisible();
  // The panel is open: the knock is listed at its top.
  await expect(ada.page.getByRole('complementary').getByText('Cy wants to join')).toBeVisible();
  await button(ada.page, 'Admit').click();
  await expect(button(cy.page, 'Leave')).toBeVisible();
  await expectVideoDecoding(remoteVideos(cy.page, 'camera').first());
  await expect(toggle(cy.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');

  await openMenuFor(ada.page, 'Cy');
  await ada.page.getByRole('menuitem', { name: 'Mute' }).click();
  await expect(cy.page.getByRole('alert').filter({ hasText: 'Ada muted you' })).toBeVisible();
  await expect(toggle(cy.page, 'Microphone')).toHaveAttribute('aria-pressed', 'false');
  await expect(
    ada.page.locator('[data-peer]').filter({ hasText: 'Cy' }).getByRole('img', { name: 'Microphone off' }),
  ).toBeVisible();
  await toggle(cy.page, 'Microphone').click();
  await expect(toggle(cy.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');
  await expect(cy.page.getByText('Ada muted you')).toHaveCount(0);

  // Mute everyone: everyone but the host.
  await button(ada.page, 'Mute everyone').click();
  await expect(toggle(cy.page, 'Microphone')).toHaveAttribute('aria-pressed', 'false');
  await expect(toggle(ada.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');
  await toggle(cy.page, 'Microphone').click();
  await expect(toggle(cy.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');
});

test('a raised hand and a reaction reach the others', async () => {
  await button(cy.page, 'Raise hand').click();
  await expect(button(cy.page, 'Raise hand')).toHaveAttribute('aria-pressed', 'true');
  await expect(tileOf(ada.page, 'Cy').getByRole('img', { name: 'Hand raised' })).toBeVisible();
  await expect(ada.page.getByRole('img', { name: 'Hand raised, first' })).toBeVisible();
  await saveScreenshot(cy.page, 'hand-raised-phone');
  // A host lowers it.
  await openMenuFor(ada.page, 'Cy');
  await ada.page.getByRole('menuitem', { name: 'Lower hand' }).click();
  await expect(button(cy.page, 'Raise hand')).toHaveAttribute('aria-pressed', 'false');

  await button(ada.page, 'Reactions').click();
  await ada.page.getByRole('menuitem', { name: 'Celebration' }).click();
  await expect(tileOf(cy.page, 'Ada').getByText('🎉')).toBeVisible();
  await expect(cy.page.locator('[data-room-announcer]')).toContainText('Ada: Celebration');
  // The burst fades after about two seconds.
  await expect(tileOf(cy.page, 'Ada').getByText('🎉')).toHaveCount(0, { timeout: 5_000 });
});

test('a host makes someone else host: they get the host controls, and the roster shows it', async () => {
  await expect(button(cy.page, 'Lock room')).toHaveCount(0);
  await openMenuFor(ada.page, 'Cy');
  await expect(rosterRow(ada.page, 'Cy').getByText('Host', { exact: true })).toHaveCount(0);
  await ada.page.getByRole('menuitem', { name: 'Make host' }).click();
  await expect(rosterRow(ada.page, 'Cy').getByText('Host', { exact: true })).toBeVisible();
  await expect(button(cy.page, 'Lock room')).toHaveAttribute('aria-pressed', 'true');
  await expect(button(cy.page, 'End call for everyone')).toBeVisible();
  await openParticipants(cy.page);
  await expect(rosterRow(cy.page, 'Cy (you)').getByText('Host', { exact: true })).toBeVisible();
  await expect(button(cy.page, 'More actions for Ada')).toBeVisible();
  await closeParticipants(cy.page);
  // The server takes the new host's word: Cy opens the door and closes it again, and Ada sees both.
  await button(cy.page, 'Lock room').click();
  await expect(button(ada.page, 'Lock room')).toHaveAttribute('aria-pressed', 'false');
  await button(cy.page, 'Lock room').click();
  await expect(button(ada.page, 'Lock room')).toHaveAttribute('aria-pressed', 'true');
});

test('a host stops a screen share: the sharer is told and their toggle goes off, the screen leaves the others', async () => {
  await toggle(ada.page, 'Share screen').click();
  await expect(toggle(ada.page, 'Share screen')).toHaveAttribute('aria-pressed', 'true');
  await expectVideoDecoding(remoteVideos(cy.page, 'screen').first());
  // Cy, a host since the step before, stops it.
  await openMenuFor(cy.page, 'Ada');
  await cy.page.getByRole('menuitem', { name: 'Stop screen share' }).click();
  await expect(toggle(ada.page, 'Share screen')).toHaveAttribute('aria-pressed', 'false');
  await expect(ada.page.getByRole('alert').filter({ hasText: 'Cy stopped your screen share' })).toBeVisible();
  await expect(remoteVideos(cy.page, 'screen')).toHaveCount(0);
  await expect(remoteVideos(cy.page, 'camera')).toHaveCount(1);
  await closeParticipants(cy.page);
});

test('two knock at once: the toast says one more is waiting, and Admit all lets both in with media', async ({
  browser,
}) => {
  await closeParticipants(ada.page);
  // Bob, removed earlier, waits in the lobby; Dee is new. Four in the call at most.
  await button(bob.page, 'Join').click();
  await expect(asking(bob.page)).toBeVisible();
  await expect(ada.page.getByText('Bob wants to join')).toBeVisible();
  dee = await openParticipant(browser, 'Dee', { baseURL: server.url, viewport: DESKTOP });
  await knock(dee);
  // The toast shows the first knock and how many more wait; that opens the full list.
  await expect(button(ada.page, '1 more waiting')).toBeVisible();
  await expect(ada.page.getByText('Dee wants to join')).toHaveCount(0);
  await button(ada.page, '1 more waiting').click();
  const panel = ada.page.getByRole('complementary');
  await expect(panel.getByText('Bob wants to join')).toBeVisible();
  await expect(panel.getByText('Dee wants to join')).toBeVisible();
  await button(ada.page, 'Admit all').click();

  for (const p of [bob, dee]) await expect(button(p.page, 'Leave')).toBeVisible();
  await expect(panel.getByText(/wants to join/)).toHaveCount(0);
  for (const p of [bob, dee, ada]) {
    await expectFlow(p.page, (flow) =>
      expect(flow.decoding('camera'), `cameras at ${p.name}`).toHaveLength(3),
    );
  }
  await button(bob.page, 'Leave').click();
  await button(dee.page, 'Leave').click();
  await expect(tileOf(ada.page, 'Bob')).toHaveCount(0);
  await expect(tileOf(ada.page, 'Dee')).toHaveCount(0);
  await bob.context.close();
});

test('a room password: asked for in the lobby, a wrong one refused, the right one lets in', async () => {
  await openParticipants(ada.page);
  await ada.page.getByLabel('New room password').fill('open sesame');
  await button(ada.page, 'Set password').click();
  await expect(ada.page.getByText('This room has a password.')).toBeVisible();
  await button(ada.page, 'Lock room').click();
  await expect(button(ada.page, 'Lock room')).toHaveAttribute('aria-pressed', 'false');

  // Dee left after "Admit all"; she comes back.
  if (!dee) throw new Error('Dee did not join in "Admit all"');
  await dee.page.goto(link);
  await dee.page.getByRole('textbox', { name: 'Your name' }).fill(dee.name);
  await button(dee.page, 'Join').click();
  await expect(dee.page.getByRole('textbox', { name: 'Room password' })).toBeVisible();
  await expect(dee.page.getByText('This room has a password')).toBeVisible();
  await dee.page.getByRole('textbox', { name: 'Room password' }).fill('open says me');
  await button(dee.page, 'Join').click();
  await expect(dee.page.getByText('That password is not right')).toBeVisible();
  await dee.page.getByRole('textbox', { name: 'Room password' }).fill('open sesame');
  await button(dee.page, 'Join').click();
  await expect(button(dee.page, 'Leave')).toBeVisible();
  await expect(tileOf(ada.page, 'Dee')).toBeVisible();
  await button(dee.page, 'Leave').click();
  await expect(tileOf(ada.page, 'Dee')).toHaveCount(0);
  await dee.context.close();
});

test('a host ends the call for everyone, and everyone sees who did', async () => {
  await button(ada.page, 'Close participants').click();
  await saveScreenshot(ada.page, 'room-control-host-desktop');
  await button(ada.page, 'End call for everyone').click();
  await expect(cy.page.getByRole('heading', { name: 'Ada ended the call for everyone' })).toBeVisible();
  await expect(ada.page.getByRole('heading', { name: 'You ended the call for everyone' })).toBeVisible();
  for (const p of [ada, cy]) await expect.poll(() => connectionStates(p.page)).toEqual([]);
});
