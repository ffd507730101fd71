import type { TestInfo } from '@playwright/test';
import type { Participant } from './fixtures.js';
import type { RunningServer } from './server.js';

/**
 * For a spec whose people share one call: after a test that failed, attaches each person's console
 * and the server's log to the report (a passing test attaches nothing).
 */
export async function attachCallLogs(
  testInfo: TestInfo,
  people: readonly Participant[],
  server: RunningServer | undefined,
): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const p of people) {
    await testInfo.attach(`console-${p.name}.txt`, { body: p.console(), contentType: 'text/plain' });
  }
  if (server) await testInfo.attach('server.log', { body: server.logs(), contentType: 'text/plain' });
}
