import { generateRoomId } from '@parley/protocol';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

// What `pnpm start` serves: the built server serving the built web app, in real Chromium.

/** Console errors, uncaught exceptions, failed and 4xx/5xx requests of `page`, as lines. */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

for (const [label, path] of [
  ['home', () => '/'],
  ['room', () => `/r/${generateRoomId()}`],
] as const) {
  test(`${label} page renders the app without errors`, async ({ page }) => {
    const problems = collectProblems(page);
    const response = await page.goto(path());
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle(/Parley/);
    await expect(page.locator('#root > *').first()).toBeAttached();
    await saveScreenshot(page, `smoke-${label}`);
    expect(problems).toEqual([]);
  });
}

test('/healthz answers 200 with JSON status ok', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/json/);
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

test('an unknown path is 404', async ({ request }) => {
  const response = await request.get('/nope');
  expect(response.status()).toBe(404);
});
