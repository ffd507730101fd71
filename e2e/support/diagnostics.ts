import type { TestInfo } from '@playwright/test';
import type { Participant } from './fixtures.js';
import { rtcReport } from './rtcReport.js';
import type { RunningServer } from './server.js';

/** A failed test's view of one participant: its console, and what its peer connections did. */
export async function attachParticipant(testInfo: TestInfo, p: Participant): Promise<void> {
  await testInfo.attach(`console-${p.name}.txt`, { body: p.console(), contentType: 'text/plain' });
  await testInfo.attach(`rtc-${p.name}.json`, {
    body: await rtcReport(p.page),
    contentType: 'application/json',
  });
}

/**
 * For a spec whose people share one call: after a test that failed, attaches each person's console
 * and peer connections, and the server's log, to the report (a passing test attaches nothing).
 */
export async function attachCallLogs(
  testInfo: TestInfo,
  people: readonly Participant[],
  server: RunningServer | undefined,
): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const p of people) await attachParticipant(testInfo, p);
  if (server) await testInfo.attach('server.log', { body: server.logs(), contentType: 'text/plain' });
}
