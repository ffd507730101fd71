import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium.js';
import { expect, openParticipant, test } from './support/fixtures.js';
import { joinByLink, remoteVideos, startCall, tileOf } from './support/call.js';
import { expectEveryVideoDecoding, expectVideoDecoding } from './support/media.js';
import { startServer } from './support/server.js';
import { startTurn } from './support/turn.js';

// A call must not need the signaling server once it is connected (issue 4).

const peerConnectionCount = (page: Page) => page.evaluate(() => (window.__e2ePeerConnections ?? []).length);

const reconnecting = (page: Page) => page.getByRole('status').filter({ hasText: 'Reconnecting' });

/** The selected pair of every open connection on `page`: candidate types and our relay's transport. */
function selectedPaths(page: Page) {
  return page.evaluate(async () => {
    const paths: { local: string; remote: string; relayProtocol: string | undefined }[] = [];
    for (const pc of window.__e2ePeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) return;
        const pair = stats.get(s.selectedCandidatePairId);
        const local = stats.get(pair.localCandidateId);
        paths.push({
          local: local?.candidateType,
          remote: stats.get(pair.remoteCandidateId)?.candidateType,
          relayProtocol: local?.relayProtocol,
        });
      });
    }
    return paths;
  });
}

/** The candidate types (`local/remote`) of the selected pair of every open connection on `page`. */
async function selectedPathTypes(page: Page): Promise<string[]> {
  return (await selectedPaths(page)).map(({ local, remote }) => `${local}/${remote}`);
}

test.describe('a server restart', () => {
  // As `pnpm start` runs it: no SESSION_SECRET. The server makes one on first start and keeps it in
  // DATA_DIR (a fresh folder here), so the tokens it signed still open after a SIGKILL.
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-data-'));
  test.use({ serverEnv: { DATA_DIR: dataDir, RECONNECT_GRACE_MS: '15000' } });
  test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('keeps a 3-person call decoding, and everyone is back without new connections', async ({
    participant,
    server,
  }) => {
    // Three phases of decoding checks, plus a fourth participant: more than the default minute.
    test.setTimeout(180_000);
    const ada = await participant('Ada');
    const link = await startCall(ada);
    const bob = await participant('Bob');
    const cy = await participant('Cy');
    await joinByLink(bob, link);
    await joinByLink(cy, link);
    const everyone = [ada, bob, cy];
    for (const p of everyone) await expectEveryVideoDecoding(remoteVideos(p.page, 'camera'), 2);
    const connections = await Promise.all(everyone.map((p) => peerConnectionCount(p.page)));
    expect(statSync(join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);

    await server.kill('SIGKILL');
    for (const p of everyone) await expect(reconnecting(p.page)).toBeVisible();
    // Media keeps flowing while the server is gone.
    for (const p of everyone) await expectEveryVideoDecoding(remoteVideos(p.page, 'camera'), 2);

    await server.restart();
    for (const p of everyone) {
      await expect(reconnecting(p.page)).toHaveCount(0, { timeout: 20_000 });
      await expectEveryVideoDecoding(remoteVideos(p.page, 'camera'), 2);
    }
    expect(await Promise.all(everyone.map((p) => peerConnectionCount(p.page)))).toEqual(connections);
    // The server knows all three again: a fourth person connects to each of them.
    const dee = await participant('Dee');
    await joinByLink(dee, link);
    await expectEveryVideoDecoding(remoteVideos(dee.page, 'camera'), 3);
    for (const p of everyone) await expect(tileOf(p.page, 'Dee')).toBeVisible();
  });
});

test('a network change restarts ICE on the same connection and the picture carries on', async ({
  participant,
}) => {
  const ada = await participant('Ada');
  const link = await startCall(ada);
  const bob = await participant('Bob');
  await joinByLink(bob, link);
  await expectVideoDecoding(remoteVideos(ada.page, 'camera').first());
  const ufrag = () =>
    ada.page.evaluate(() => {
      const pc = (window.__e2ePeerConnections ?? []).find((p) => p.connectionState !== 'closed');
      return /a=ice-ufrag:(\S+)/.exec(pc?.localDescription?.sdp ?? '')?.[1] ?? null;
    });
  const before = await ufrag();
  expect(before).not.toBeNull();
  // What the browser reports when the network comes back or changes.
  await ada.context.setOffline(true);
  await ada.context.setOffline(false);
  await expect.poll(ufrag, { timeout: 15_000 }).not.toBe(before);
  for (const p of [ada, bob]) await expectVideoDecoding(remoteVideos(p.page, 'camera').first());
  expect(await peerConnectionCount(ada.page)).toBe(1);
});

test.describe('a closed tab', () => {
  test.use({ serverEnv: { RECONNECT_GRACE_MS: '4000' } });

  test('disappears from the others within the grace period plus 2 s', async ({ participant }) => {
    const ada = await participant('Ada');
    const link = await startCall(ada);
    const bob = await participant('Bob');
    await joinByLink(bob, link);
    await expect(tileOf(ada.page, 'Bob')).toBeVisible();
    const closedAt = Date.now();
    await bob.page.close();
    await expect(tileOf(ada.page, 'Bob')).toHaveCount(0, { timeout: 6_000 });
    expect(Date.now() - closedAt).toBeLessThan(6_000);
  });
});

test.describe('TURN', () => {
  const secret = 'e2e-turn-secret';
  let turn: Awaited<ReturnType<typeof startTurn>>;

  test.beforeEach(async () => {
    turn = await startTurn(secret, { tls: true });
  });
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a hook needs from this pattern
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus)
      await testInfo.attach('coturn.log', { body: turn.logs() });
    await turn.stop();
  });

  test('a relay-only call decodes over the relay with minted credentials, and survives losing it', async ({
    participant,
  }) => {
    const relayed = await startServer({
      TURN_URLS: turn.url,
      TURN_SECRET: secret,
      ICE_TRANSPORT_POLICY: 'relay',
    });
    try {
      const ada = await participant('Ada', { baseURL: relayed.url });
      const link = await startCall(ada);
      const bob = await participant('Bob', { baseURL: relayed.url });
      await joinByLink(bob, link);
      for (const p of [ada, bob]) await expectVideoDecoding(remoteVideos(p.page, 'camera').first());
      for (const p of [ada, bob]) {
        const types = await selectedPathTypes(p.page);
        expect(types).toHaveLength(1);
        expect(types[0]).toMatch(/relay/);
        await expect(
          tileOf(p.page, p === ada ? 'Bob' : 'Ada').getByText('Relayed', { exact: true }),
        ).toBeVisible({
          timeout: 10_000,
        });
      }

      // The relay dies: ICE fails; once it is back, an ICE restart brings the picture back.
      await turn.kill();
      await expect(tileOf(ada.page, 'Bob').getByRole('status')).toBeVisible({ timeout: 30_000 });
      await turn.restart();
      for (const p of [ada, bob])
        await expectVideoDecoding(remoteVideos(p.page, 'camera').first(), { timeout: 60_000 });
      // Recovered through an ICE restart on the same connection, not a new one.
      expect(await peerConnectionCount(ada.page)).toBe(1);
    } finally {
      await relayed.stop();
    }
  });

  test('a relay-only call goes over TURN over TLS (turns:) with a self-signed certificate', async () => {
    const relayed = await startServer({
      TURN_URLS: turn.tlsUrl ?? '',
      TURN_SECRET: secret,
      ICE_TRANSPORT_POLICY: 'relay',
    });
    // Chromium checks the relay's certificate like a web page's: this browser trusts the test one.
    const browser = await chromium.launch(
      chromiumLaunchOptions([`--ignore-certificate-errors-spki-list=${turn.tlsSpki}`]),
    );
    try {
      const options = {
        baseURL: relayed.url,
        permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
      };
      const ada = await openParticipant(browser, 'Ada', options);
      const link = await startCall(ada);
      const bob = await openParticipant(browser, 'Bob', options);
      await joinByLink(bob, link);
      for (const p of [ada, bob]) {
        await expectVideoDecoding(remoteVideos(p.page, 'camera').first());
        // Both ends of the selected pair are relay candidates, and ours reaches coturn over TLS.
        expect(await selectedPaths(p.page)).toEqual([
          { local: 'relay', remote: 'relay', relayProtocol: 'tls' },
        ]);
        expect(p.cspViolations()).toEqual([]);
      }
    } finally {
      await browser.close();
      await relayed.stop();
    }
  });

  for (const [label, credentials] of [
    ['forged', () => ({ username: `${Math.floor(Date.now() / 1000) + 600}:x`, credential: 'not-the-hmac' })],
    [
      'expired',
      () => {
        const username = `${Math.floor(Date.now() / 1000) - 60}:x`;
        return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
      },
    ],
  ] as const) {
    test(`${label} credentials fail, and the person is told why`, async ({ participant }) => {
      const broken = await startServer({
        ICE_SERVERS: JSON.stringify([{ urls: turn.url, ...credentials() }]),
        ICE_TRANSPORT_POLICY: 'relay',
      });
      try {
        const ada = await participant('Ada', { baseURL: broken.url });
        const link = await startCall(ada);
        const bob = await participant('Bob', { baseURL: broken.url });
        await joinByLink(bob, link);
        for (const p of [ada, bob]) {
          await expect(p.page.getByRole('alert')).toContainText('relay (TURN) server refused', {
            timeout: 20_000,
          });
          await expect(remoteVideos(p.page, 'camera').first()).toBeAttached();
        }
        expect(await selectedPathTypes(ada.page)).toEqual([]);
      } finally {
        await broken.stop();
      }
    });
  }
});
