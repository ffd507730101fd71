import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium.js';

const ci = Boolean(process.env.CI);

// Real Chromium against the real server (started per test by support/fixtures.ts) serving the
// built web app. Serial on purpose: a WebRTC mesh already loads the machine's cores.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  retries: ci ? 1 : 0,
  forbidOnly: ci,
  // Three or four browsers on 2 cores: a mesh test takes 20-60 s on a quiet machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  // The suite takes 15-21 min on a 2-core machine; a loaded CI machine once needed 25.6 min with
  // three retries. The cap stops a hung run well inside CI's 90 minutes without cutting a slow one.
  globalTimeout: ci ? 40 * 60_000 : undefined,
  reporter: [['list'], ['html', { outputFolder: 'report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumLaunchOptions(),
    permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
    // A click waits for the page to answer afterwards; with Firefox in the call a loaded 2-core
    // machine once kept a Chromium page from answering for over 10 s (the click itself had landed).
    actionTimeout: 20_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
