import { expect, type Page } from '@playwright/test';

/** Helpers for the privacy tools (security codes, recording), through their accessible names. */

export interface SeenCodes {
  /** Each other participant's code, by their name as this page shows it. */
  byName: Map<string, { peerId: string; code: string }>;
  room: string;
}

/**
 * Opens Verify security, waits until it shows a code for each of `others` and the call code,
 * reads them, and closes the dialog.
 */
export async function readSecurityCodes(page: Page, others: number): Promise<SeenCodes> {
  await page.getByRole('button', { name: 'Verify security' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify security' });
  await expect(dialog.locator('[data-peer-id][data-security-code]')).toHaveCount(others);
  await expect(dialog.locator('[data-room-code][data-security-code]')).toHaveCount(1);
  const seen = await dialog.evaluate((element) => ({
    links: [...element.querySelectorAll<HTMLElement>('[data-peer-id][data-security-code]')].map((dd) => ({
      name: dd.previousElementSibling?.textContent ?? '',
      peerId: dd.dataset.peerId ?? '',
      code: dd.dataset.securityCode ?? '',
    })),
    room: element.querySelector<HTMLElement>('[data-room-code]')?.dataset.securityCode ?? '',
  }));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  return { byName: new Map(seen.links.map(({ name, ...rest }) => [name, rest])), room: seen.room };
}

export const CODE_FORMAT = /^\d{5}( \d{5}){4}$/;
