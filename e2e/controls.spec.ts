import type { Page } from '@playwright/test';
import { joinByLink, remoteVideos, startCall } from './support/call.js';
import { expect, type Participant, test } from './support/fixtures.js';
import { expectVideoDecoding } from './support/media.js';
import { saveScreenshot } from './support/screenshots.js';

// The call's controls at the sizes people use, for a host (who has the most buttons) and a guest:
// at desktop widths one row, every control reachable by its name without opening a menu; on a
// phone, every control still there by the same name. Screenshots: e2e/screenshots/controls-*.png.

const DESKTOPS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
];
const PHONE = { width: 390, height: 844 };

const EVERYONE = [
  'Microphone',
  'Camera',
  'Share screen',
  'Raise hand',
  'Reactions',
  'Leave',
  'Layout',
  'Audio only',
  'Data saver',
  'Record',
  'Participants',
  'Chat',
  'Copy invite link',
  'Connection stats',
  'Settings',
  'Keyboard shortcuts',
  'Verify security',
];
const HOSTS_ONLY = ['Lock room', 'End call for everyone'];

/** The distinct rows the control bar's buttons sit in (by their vertical centre). */
function barRows(page: Page): Promise<number> {
  return page
    .getByRole('navigation', { name: 'Call controls' })
    .getByRole('button')
    .evaluateAll((buttons) => {
      const centres = buttons
        .map((b) => b.getBoundingClientRect())
        .filter((r) => r.width > 0)
        .map((r) => r.top + r.height / 2)
        .sort((a, b) => a - b);
      return centres.filter((c, i) => i === 0 || c - (centres[i - 1] ?? c) > 8).length;
    });
}

async function expectReachable(page: Page, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const button = page.getByRole('button', { name, exact: true });
    await expect(button, name).toHaveCount(1);
    // The phone's control row scrolls. Playwright's scrollIntoViewIfNeeded waits for the element to
    // be stable, ~300 ms a button with video playing, and was a third of this test's time.
    await button.evaluate((element) => element.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
    await expect(button, name).toBeInViewport();
    await expect(button, name).toBeEnabled();
  }
}

test('the control bar is one row at desktop widths and keeps every control reachable on a phone', async ({
  participant,
}) => {
  const ann = await participant('Ann');
  const bob = await participant('Bob');
  await joinByLink(bob, await startCall(ann));
  await expectVideoDecoding(remoteVideos(ann.page, 'camera').first());

  const cases: Array<[string, Participant, string[]]> = [
    ['host', ann, [...EVERYONE, ...HOSTS_ONLY]],
    ['guest', bob, EVERYONE],
  ];
  for (const [role, person, names] of cases) {
    const page = person.page;
    // One row at every desktop width; every control reachable at the narrowest of them (wider,
    // the same single row only has more room). Checking each width took this test past its
    // two minutes on a loaded CI machine.
    for (const size of DESKTOPS) {
      await page.setViewportSize(size);
      await saveScreenshot(page, `controls-${role}-${size.width}x${size.height}`);
      expect.soft(await barRows(page), `rows of the control bar at ${size.width} px`).toBe(1);
    }
    await page.setViewportSize(DESKTOPS[0] as (typeof DESKTOPS)[0]);
    await expectReachable(page, names);
    await page.setViewportSize(PHONE);
    await saveScreenshot(page, `controls-${role}-phone`);
    await expectReachable(page, names);
    // The scrolling row must not clip what opens from it.
    await page.getByRole('button', { name: 'Reactions' }).click();
    await expect(page.getByRole('menu', { name: 'Reactions' })).toBeInViewport({ ratio: 1 });
    await saveScreenshot(page, `controls-${role}-phone-reactions`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await page.setViewportSize(DESKTOPS[0] as (typeof DESKTOPS)[0]);
  }
  for (const name of HOSTS_ONLY) await expect(bob.page.getByRole('button', { name })).toHaveCount(0);

  // The two side panels share one look; a tooltip names an icon-only control on hover.
  const page = ann.page;
  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await saveScreenshot(page, 'controls-host-chat-panel');
  await page.getByRole('button', { name: 'Participants', exact: true }).click();
  await expect(page.getByRole('button', { name: 'More actions for Bob' })).toBeVisible();
  await page.getByRole('button', { name: 'Raise hand', exact: true }).hover();
  await saveScreenshot(page, 'controls-host-participants-panel');

  // One tooltip per control: its shown label (with a hint, which screen readers get as the
  // description), never a native `title` beside it.
  const bar = page.getByRole('navigation', { name: 'Call controls' });
  await expect(bar.locator('button[title]')).toHaveCount(0);
  const record = bar.getByRole('button', { name: 'Record', exact: true });
  await expect(record).toHaveAccessibleDescription('Record the call to a file (everyone is told)');
  await record.hover();
  const tooltip = record.locator('.control__label');
  await expect(tooltip).toContainText('Record the call to a file (everyone is told)');
  expect((await tooltip.boundingBox())?.width ?? 0, 'the tooltip is shown on hover').toBeGreaterThan(40);
  await saveScreenshot(page, 'controls-host-record-tooltip');
});
