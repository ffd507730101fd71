import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { joinByLink, remoteVideos, startCall, tileOf, toggle } from './support/call.js';
import {
  chatButton,
  chatLog,
  fileChannelStates,
  openChat,
  partialProgress,
  recordProgress,
  sendChat,
  sha256,
  sha256OfFile,
  transferOf,
  watchDataChannels,
} from './support/features.js';
import { expect, type Participant, test } from './support/fixtures.js';
import { expectVideoDecoding, inboundCounters } from './support/media.js';
import { saveScreenshot } from './support/screenshots.js';

// In-call features over the peer connections: chat, file transfer, speaking, shortcuts.

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };

/** A call of `people` where everyone sees everyone's camera tile and decodes at least one of them. */
async function call(
  participant: (name: string, options?: object) => Promise<Participant>,
  people: Array<[string, object?]>,
  before?: (p: Participant) => Promise<void>,
): Promise<Participant[]> {
  const all: Participant[] = [];
  for (const [name, options] of people) {
    const p = await participant(name, options);
    await before?.(p);
    all.push(p);
  }
  const [host, ...guests] = all as [Participant, ...Participant[]];
  const link = await startCall(host);
  for (const guest of guests) await joinByLink(guest, link);
  for (const p of all) {
    await expect(remoteVideos(p.page, 'camera')).toHaveCount(all.length - 1, { timeout: 15_000 });
    await expectVideoDecoding(remoteVideos(p.page, 'camera').first());
  }
  return all;
}

async function chooseFile(
  page: Page,
  to: string,
  file: string | { name: string; mimeType: string; buffer: Buffer },
) {
  if (!(await page.getByRole('textbox', { name: 'Message' }).isVisible())) await chatButton(page).click();
  await page.getByRole('combobox', { name: 'Send file to' }).selectOption({ label: to });
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Attach file' }).click(),
  ]);
  await chooser.setFiles(file);
}

/** A file of `bytes` zeros on disk, written sparse (instantly), removed after the test. */
async function bigFile(name: string, bytes: number): Promise<string> {
  const path = join(tmpdir(), `parley-e2e-${process.pid}-${name}`);
  const handle = await open(path, 'w');
  await handle.truncate(bytes);
  await handle.close();
  return path;
}

test('chat reaches everyone in order with the sender’s name; links are safe; long messages are refused', async ({
  participant,
}) => {
  // Three browsers on a two-core machine: setting up the mesh alone can take half a minute.
  test.setTimeout(120_000);
  const [ada, bob, cy] = (await call(participant, [['Ada'], ['Bob'], ['Cy', PHONE]])) as [
    Participant,
    Participant,
    Participant,
  ];

  await openChat(cy.page);
  await expect(chatLog(cy.page)).toContainText('Messages sent before you joined are not shown');
  await openChat(ada.page);
  const box = ada.page.getByRole('textbox', { name: 'Message' });
  await box.fill('Hello from Ada');
  await box.press('Enter');
  await box.fill('Docs: https://example.com/docs.\nand javascript:alert(1) stays text');
  await box.press('Enter');
  // Real key presses of shortcut letters: typing, not shortcuts.
  await sendChat(ada.page, 'mvsc');
  await expect(toggle(ada.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');
  await expect(toggle(ada.page, 'Camera')).toHaveAttribute('aria-pressed', 'true');
  await expect(toggle(ada.page, 'Share screen')).toHaveAttribute('aria-pressed', 'false');
  await expect(chatButton(ada.page)).toHaveAttribute('aria-pressed', 'true');

  // Bob has the panel closed: the button counts what he has not read.
  await expect(chatButton(bob.page)).toHaveAccessibleDescription('3 unread messages');
  await openChat(bob.page);
  await expect(chatButton(bob.page)).not.toHaveAccessibleDescription(/unread/);

  for (const p of [bob, cy]) {
    const items = chatLog(p.page).getByRole('listitem');
    await expect(items).toHaveCount(3);
    await expect(items).toContainText(['Hello from Ada', 'Docs: https://example.com/docs.', 'mvsc']);
    for (let i = 0; i < 3; i++) {
      await expect(items.nth(i).locator('.chat__sender')).toHaveText('Ada');
      await expect(items.nth(i).locator('time')).toHaveAttribute('datetime', /^\d{4}-/);
    }
    await expect(items.nth(1)).toContainText('and javascript:alert(1) stays text');
    const links = chatLog(p.page).getByRole('link');
    await expect(links).toHaveCount(1);
    await expect(links.first()).toHaveAttribute('href', 'https://example.com/docs');
    await expect(links.first()).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(links.first()).toHaveAttribute('target', '_blank');
  }

  const bobBox = bob.page.getByRole('textbox', { name: 'Message' });
  await bobBox.fill('Hi Ada');
  await bobBox.press('Enter');
  await expect(chatLog(ada.page).getByRole('listitem').last()).toContainText('Bob');
  await expect(chatLog(ada.page).getByRole('listitem').last()).toContainText('Hi Ada');
  await expect(chatLog(ada.page).getByRole('listitem').first().locator('.chat__sender')).toHaveText('You');

  // Too long: a clear limit, and nothing is sent (our own log would show it at once).
  await bobBox.fill('x'.repeat(2_001));
  await expect(bob.page.getByRole('alert')).toContainText('Messages can be up to 2,000 characters');
  await expect(bob.page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await bobBox.press('Enter');
  await expect(chatLog(bob.page).getByRole('listitem')).toHaveCount(4);
  await bobBox.fill('');

  await expect(tileOf(ada.page, 'Bob').locator('[data-quality]')).toBeVisible({ timeout: 10_000 });
  await saveScreenshot(ada.page, 'chat-desktop');
  await saveScreenshot(cy.page, 'chat-phone');

  // On a phone the chat covers the call; closed, the tiles show their quality badges.
  await cy.page.getByRole('button', { name: 'Close' }).click();
  await expect(tileOf(cy.page, 'Ada').locator('[data-quality]')).toBeVisible();
  await saveScreenshot(cy.page, 'quality-phone');
});

test('a file of a few MB arrives byte-identical, with progress on both sides; too large is refused', async ({
  participant,
}) => {
  const [ada, bob] = (await call(participant, [['Ada'], ['Bob', PHONE]], (p) =>
    recordProgress(p.context),
  )) as [Participant, Participant];
  const buffer = randomBytes(4 * 1024 * 1024 + 123);
  await chooseFile(ada.page, 'Bob', { name: 'random.bin', mimeType: 'application/octet-stream', buffer });

  await expect(transferOf(ada.page, 'random.bin')).toContainText('Waiting for Bob to accept');
  const offer = transferOf(bob.page, 'random.bin');
  await expect(offer).toContainText('Ada wants to send you this file');
  await expect(offer).toContainText('4 MB');
  // Nothing flows before the answer: no progress on either side yet.
  await expect(offer.getByRole('progressbar')).toHaveCount(0);
  await saveScreenshot(bob.page, 'file-offer-phone');
  await offer.getByRole('button', { name: 'Accept' }).click();

  await expect(offer).toContainText('Received from Ada', { timeout: 20_000 });
  await expect(transferOf(ada.page, 'random.bin')).toContainText('Sent to Bob');
  await expect(offer.getByRole('progressbar')).toHaveAttribute('value', String(buffer.length));
  // Progress moved through values in between on both sides, not just empty then full.
  expect((await partialProgress(bob.page)).length).toBeGreaterThan(0);
  expect((await partialProgress(ada.page)).length).toBeGreaterThan(0);

  const [download] = await Promise.all([
    bob.page.waitForEvent('download'),
    offer.getByRole('link', { name: 'Save random.bin' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('random.bin');
  expect(await sha256OfFile(await download.path())).toBe(sha256(buffer));

  // Over the limit: refused at once, with the limit in words.
  const huge = await bigFile('huge.bin', 200 * 1024 * 1024 + 1);
  try {
    await chooseFile(ada.page, 'Everyone', huge);
    await expect(ada.page.getByRole('alert')).toContainText('Files up to 200 MB can be sent');
    await expect(transferOf(bob.page, 'huge.bin')).toHaveCount(0);
  } finally {
    await unlink(huge);
  }
});

test('a transfer cancelled by either side stops on both', async ({ participant }) => {
  const [ada, bob] = (await call(participant, [['Ada'], ['Bob', PHONE]])) as [Participant, Participant];
  for (const p of [ada, bob]) await watchDataChannels(p.page);
  const path = await bigFile('large.bin', 150 * 1024 * 1024);
  try {
    // 1. The receiver cancels halfway.
    await chooseFile(ada.page, 'Bob', path);
    await transferOf(bob.page, 'large.bin').getByRole('button', { name: 'Accept' }).click();
    for (const p of [ada, bob]) {
      await expect(transferOf(p.page, 'large.bin').getByRole('progressbar')).not.toHaveAttribute(
        'value',
        '0',
      );
    }
    await saveScreenshot(ada.page, 'file-progress-desktop');
    await saveScreenshot(bob.page, 'file-progress-phone');
    await transferOf(bob.page, 'large.bin').getByRole('button', { name: 'Cancel' }).click();
    await expect(transferOf(bob.page, 'large.bin')).toContainText('You cancelled');
    await expect(transferOf(ada.page, 'large.bin')).toContainText('Bob cancelled');
    await expectStopped(ada.page, bob.page);
    await expect(transferOf(bob.page, 'large.bin').getByRole('link', { name: /Save/ })).toHaveCount(0);
    for (const p of [ada, bob]) {
      await transferOf(p.page, 'large.bin')
        .getByRole('button', { name: /Remove/ })
        .click();
    }

    // 2. The sender cancels halfway.
    await chooseFile(ada.page, 'Bob', path);
    await transferOf(bob.page, 'large.bin').getByRole('button', { name: 'Accept' }).click();
    await expect(transferOf(bob.page, 'large.bin').getByRole('progressbar')).not.toHaveAttribute(
      'value',
      '0',
    );
    await transferOf(ada.page, 'large.bin').getByRole('button', { name: 'Cancel' }).click();
    await expect(transferOf(ada.page, 'large.bin')).toContainText('You cancelled');
    await expect(transferOf(bob.page, 'large.bin')).toContainText('Ada cancelled');
    await expectStopped(ada.page, bob.page);
  } finally {
    await unlink(path);
  }
});

/** No transfer channel stays open on either side, and the received byte count stays put. */
async function expectStopped(sender: Page, receiver: Page): Promise<void> {
  for (const page of [sender, receiver]) {
    await expect.poll(() => fileChannelStates(page)).not.toContain('open');
    await expect.poll(() => fileChannelStates(page)).not.toContain('connecting');
  }
  const bar = receiver.getByRole('region', { name: 'File transfers' }).getByRole('progressbar').last();
  const before = await bar.getAttribute('value');
  await receiver.waitForTimeout(1_000);
  expect(await bar.getAttribute('value')).toBe(before);
  expect(Number(before)).toBeLessThan(150 * 1024 * 1024);
}

test('who speaks is highlighted; muting (button or M) sends nothing and says "You\'re muted"; shortcuts rest while typing', async ({
  participant,
}) => {
  // Chromium's fake microphone beeps twice a second: everyone "talks" until muted.
  const [ada, bob] = (await call(participant, [['Ada'], ['Bob']])) as [Participant, Participant];
  await expect(tileOf(bob.page, 'Ada')).toHaveAttribute('data-speaking', '');

  await toggle(bob.page, 'Microphone').click();
  await expect(bob.page.getByRole('status').filter({ hasText: "You're muted" })).toBeVisible();
  // Bob is muted, so only Ada can be the active speaker, on both screens.
  await expect(tileOf(bob.page, 'Ada')).toHaveAttribute('data-active-speaker', '');
  await expect(tileOf(ada.page, 'Ada (you)')).toHaveAttribute('data-active-speaker', '');
  await expect(tileOf(ada.page, 'Bob')).not.toHaveAttribute('data-speaking');
  // Muted means no audio leaves at all (not silence): Ada's audio byte count from Bob stands still.
  await expect(async () => {
    const before = await inboundCounters(ada.page, 'audio');
    await ada.page.waitForTimeout(1_000);
    expect(await inboundCounters(ada.page, 'audio')).toEqual(before);
  }).toPass({ timeout: 10_000 });
  await saveScreenshot(bob.page, 'muted-hint-desktop');

  await bob.page.getByRole('button', { name: 'Unmute' }).click();
  await expect(toggle(bob.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');
  await expect(bob.page.getByRole('status').filter({ hasText: "You're muted" })).toHaveCount(0);
  await expect(tileOf(ada.page, 'Bob')).toHaveAttribute('data-speaking', '');

  // Keyboard: M mutes and unmutes; C opens the chat, where letters are text and Shift+Enter a new line.
  await ada.page.keyboard.press('m');
  await expect(toggle(ada.page, 'Microphone')).toHaveAttribute('aria-pressed', 'false');
  await expect(tileOf(bob.page, 'Ada').getByRole('img', { name: 'Microphone off' })).toBeVisible();
  await ada.page.keyboard.press('M');
  await expect(toggle(ada.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');
  await ada.page.keyboard.press('c');
  const box = ada.page.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeFocused();
  await ada.page.keyboard.type('vm');
  await ada.page.keyboard.press('Shift+Enter');
  await ada.page.keyboard.type('s');
  await expect(box).toHaveValue('vm\ns');
  await ada.page.keyboard.press('Enter');
  await expect(chatButton(bob.page)).toHaveAccessibleDescription('1 unread message');
  await expect(toggle(ada.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');
  await expect(toggle(ada.page, 'Camera')).toHaveAttribute('aria-pressed', 'true');
  // Escape closes the chat and hands focus back to its button.
  await ada.page.keyboard.press('Escape');
  await expect(ada.page.getByRole('log')).toHaveCount(0);
  await expect(chatButton(ada.page)).toBeFocused();

  // ? lists the shortcuts; behind the open dialog, M does nothing; Escape closes it.
  await ada.page.keyboard.press('?');
  const help = ada.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Turn the microphone on or off');
  await ada.page.keyboard.press('m');
  await ada.page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(toggle(ada.page, 'Microphone')).toHaveAttribute('aria-pressed', 'true');
  await expect(tileOf(bob.page, 'Ada').getByRole('img', { name: 'Microphone off' })).toHaveCount(0);
  await ada.page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toHaveCount(0);
});
