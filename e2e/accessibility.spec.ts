import { AxeBuilder } from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { copyInviteLink, joinByLink, joinFromLobby, remoteVideos } from './support/call.js';
import { chatLog, openChat, pasteChat } from './support/features.js';
import { expect, test } from './support/fixtures.js';
import { expectVideoDecoding } from './support/media.js';

// axe-core's WCAG 2.1 A and AA rules on every screen a newcomer meets, at a desktop and at a phone
// width. Serious and critical violations fail; the full results are attached to the report.

const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SIZES = [
  { label: 'desktop', viewport: { width: 1280, height: 800 } },
  { label: 'phone', viewport: { width: 390, height: 844 } },
] as const;

/** Audits the page at each size, in place (one page serves both, to keep the suite fast). */
async function audit(page: Page, screen: string, testInfo: TestInfo): Promise<void> {
  const failures: string[] = [];
  for (const { label, viewport } of SIZES) {
    await page.setViewportSize(viewport);
    const results = await new AxeBuilder({ page }).withTags(WCAG21_AA).analyze();
    await testInfo.attach(`axe-${screen}-${label}.json`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: 'application/json',
    });
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      const where = violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary}`);
      failures.push(
        `${screen} at ${label}: ${violation.id} (${violation.impact}) ${violation.help}\n${where.join('\n')}`,
      );
    }
  }
  expect.soft(failures.length, failures.join('\n')).toBe(0);
}

test('home, lobby, and a call with the chat or the participants open have no serious WCAG 2.1 AA violation', async ({
  participant,
}, testInfo) => {
  const ada = await participant('Ada');
  await ada.page.goto('/');
  await expect(ada.page.getByRole('button', { name: 'New room' })).toBeVisible();
  await audit(ada.page, 'home', testInfo);

  await ada.page.getByRole('button', { name: 'New room' }).click();
  await ada.page.getByRole('textbox', { name: 'Your name' }).fill(ada.name);
  await expect(ada.page.getByRole('button', { name: 'Join' })).toBeEnabled();
  await expect(ada.page.getByRole('combobox', { name: 'Camera' })).toBeEnabled();
  await audit(ada.page, 'lobby', testInfo);

  await joinFromLobby(ada.page, ada.name);
  const bob = await participant('Bob');
  await joinByLink(bob, await copyInviteLink(ada.page));
  await expectVideoDecoding(remoteVideos(ada.page, 'camera').first());
  await openChat(ada.page);
  await pasteChat(ada.page, 'Can you hear me?');
  await openChat(bob.page);
  await pasteChat(bob.page, 'Yes, see https://example.org');
  await expect(chatLog(ada.page)).toContainText('Yes, see');
  await audit(ada.page, 'call-with-chat', testInfo);

  // The host's Participants panel (it takes the chat's place) with a person's menu open.
  await ada.page.setViewportSize(SIZES[0].viewport);
  await ada.page.getByRole('button', { name: 'Participants', exact: true }).click();
  await ada.page.getByRole('button', { name: 'More actions for Bob' }).click();
  await expect(ada.page.getByRole('menuitem', { name: 'Remove from call' })).toBeVisible();
  await audit(ada.page, 'call-with-participants', testInfo);
});
