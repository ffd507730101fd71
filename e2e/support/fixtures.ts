import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  test as base,
} from '@playwright/test';
import { attachParticipant } from './diagnostics.js';
import { trackPeerConnections } from './media.js';
import { type RunningServer, startServer } from './server.js';

export interface Participant {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console messages, page errors and failed requests of this participant, one per line. */
  console(): string;
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): string[];
}

export interface Fixtures {
  /** Extra environment for the test's server, e.g. `test.use({ serverEnv: { MAX_PEERS: '2' } })`. */
  serverEnv: Record<string, string>;
  /** A fresh server per test on its own port; its output is printed when the test fails. */
  server: RunningServer;
  /**
   * Opens a new browser context and page for one call participant (one context each, so each has
   * its own camera, storage and peer connections). All are closed when the test ends.
   */
  participant: (name: string, options?: BrowserContextOptions) => Promise<Participant>;
}

export const test = base.extend<Fixtures>({
  serverEnv: [{}, { option: true }],

  server: async ({ serverEnv }, use, testInfo) => {
    const server = await startServer(serverEnv);
    try {
      await use(server);
    } finally {
      await server.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server.log', { body: server.logs(), contentType: 'text/plain' });
        process.stderr.write(`\n--- server output (${testInfo.title}) ---\n${server.logs()}--- end ---\n`);
      }
    }
  },

  baseURL: async ({ server }, use) => {
    await use(server.url);
  },

  participant: async ({ browser, baseURL }, use, testInfo) => {
    const opened: Participant[] = [];
    await use(async (name, options = {}) => {
      const participant = await openParticipant(browser, name, { baseURL, ...options });
      opened.push(participant);
      return participant;
    });
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const participant of opened) await attachParticipant(testInfo, participant);
    }
    await Promise.all(opened.map(({ context }) => context.close()));
    // The server's Content-Security-Policy must never stand in the app's way: any violation fails the test.
    const violations = opened.flatMap((p) => p.cspViolations().map((v) => `${p.name}: ${v}`));
    if (violations.length > 0)
      throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
  },
});

/**
 * One browser context and page for a participant, its peer connections recorded and its console
 * kept. The `participant` fixture uses it per test; a serial describe that shares one call
 * between its tests opens its participants with it in `beforeAll` (and closes their contexts).
 */
export async function openParticipant(
  browser: Browser,
  name: string,
  options: BrowserContextOptions = {},
): Promise<Participant> {
  // Config options (permissions, baseURL) are applied by Playwright to every new context.
  const context = await browser.newContext(options);
  await trackPeerConnections(context);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  const lines: string[] = [];
  const violations: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/CSP violation|Content Security Policy/.test(text)) violations.push(text);
    lines.push(`[${message.type()}] ${text}`);
  });
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
  page.on('requestfailed', (request) =>
    lines.push(`[requestfailed] ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  return { name, context, page, console: () => lines.join('\n'), cspViolations: () => [...violations] };
}

export { expect } from '@playwright/test';
