import { expect, test } from './support/fixtures.js';
import {
  connectionStates,
  joinByLink,
  liveCaptures,
  negotiationErrors,
  recordCaptures,
  remoteVideos,
  startCall,
  tileOf,
  toggle,
} from './support/call.js';
import { countOffers, mediaSections, offerCounts } from './support/features.js';
import { expectEveryVideoDecoding, expectInboundFlowing, expectVideoDecoding } from './support/media.js';
import { saveScreenshot } from './support/screenshots.js';

test('three people join through the invite link and see and hear each other', async ({ participant }) => {
  const ada = await participant('Ada');
  await countOffers(ada.context);
  const link = await startCall(ada);
  const bob = await participant('Bob');
  await countOffers(bob.context);
  await bob.page.goto(link);
  await saveScreenshot(bob.page, 'lobby-desktop');
  await bob.page.getByRole('textbox', { name: 'Your name' }).fill(bob.name);
  await bob.page.getByRole('button', { name: 'Join' }).click();
  const cy = await participant('Cy', {
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  await countOffers(cy.context);
  await cy.page.goto(link);
  await saveScreenshot(cy.page, 'lobby-phone');
  await cy.page.getByRole('textbox', { name: 'Your name' }).fill(cy.name);
  await cy.page.getByRole('button', { name: 'Join' }).click();

  for (const p of [ada, bob, cy]) {
    await expectEveryVideoDecoding(remoteVideos(p.page, 'camera'), 2);
    await expectInboundFlowing(p.page, 'audio', { peers: 2 });
    for (const other of [ada, bob, cy].filter((o) => o !== p)) {
      await expect(tileOf(p.page, other.name)).toBeVisible();
    }
  }
  await expect(ada.page).toHaveTitle(/\(3\)/);
  // One offer/answer per pair, made by its newcomer: Bob offers to Ada, Cy to both. Each pair
  // carries four m-lines: microphone, camera and screen both ways, and the data channel.
  expect(await offerCounts(ada.page)).toEqual({ local: 0, remote: 2 });
  expect(await offerCounts(bob.page)).toEqual({ local: 1, remote: 1 });
  expect(await offerCounts(cy.page)).toEqual({ local: 2, remote: 0 });
  for (const p of [ada, bob, cy]) {
    expect(await mediaSections(p.page)).toEqual([
      ['audio', 'video', 'video', 'application'],
      ['audio', 'video', 'video', 'application'],
    ]);
  }
  await saveScreenshot(ada.page, 'call-3-desktop');
  await saveScreenshot(cy.page, 'call-3-phone');
});

test('a shared screen reaches the others beside the cameras, and goes away when stopped', async ({
  participant,
}) => {
  const ada = await participant('Ada');
  const link = await startCall(ada);
  const bob = await participant('Bob');
  const cy = await participant('Cy');
  await joinByLink(bob, link);
  await joinByLink(cy, link);
  await expectEveryVideoDecoding(remoteVideos(ada.page, 'camera'), 2);

  await toggle(ada.page, 'Share screen').click();
  await expect(toggle(ada.page, 'Share screen')).toHaveAttribute('aria-pressed', 'true');
  for (const p of [bob, cy]) {
    await expectEveryVideoDecoding(remoteVideos(p.page, 'screen'), 1);
    await expectEveryVideoDecoding(remoteVideos(p.page, 'camera'), 2);
  }
  await saveScreenshot(bob.page, 'call-3-screen-share-desktop');

  await toggle(ada.page, 'Share screen').click();
  await expect(toggle(ada.page, 'Share screen')).toHaveAttribute('aria-pressed', 'false');
  for (const p of [bob, cy]) await expect(remoteVideos(p.page, 'screen')).toHaveCount(0, { timeout: 2_000 });
  await expectVideoDecoding(remoteVideos(bob.page, 'camera').first());
});

test('the browser-side "stop sharing" ends the share like the button does', async ({ participant }) => {
  const ada = await participant('Ada');
  const link = await startCall(ada);
  const bob = await participant('Bob');
  await joinByLink(bob, link);
  await toggle(ada.page, 'Share screen').click();
  await expectEveryVideoDecoding(remoteVideos(bob.page, 'screen'), 1);
  // What Chrome's "Stop sharing" bar does: the capture track ends.
  await ada.page.evaluate(() => {
    const video = [...document.querySelectorAll('video')].find((v) =>
      v.getAttribute('aria-label')?.includes('screen'),
    );
    const stream = video?.srcObject as MediaStream | null;
    const track = stream?.getVideoTracks()[0];
    if (!track) throw new Error('no local screen track');
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  await expect(toggle(ada.page, 'Share screen')).toHaveAttribute('aria-pressed', 'false');
  await expect(remoteVideos(bob.page, 'screen')).toHaveCount(0, { timeout: 2_000 });
});

test('two people share their screens at the same moment, five times over', async ({ participant }) => {
  const ada = await participant('Ada');
  const link = await startCall(ada);
  const bob = await participant('Bob');
  await joinByLink(bob, link);
  await expectEveryVideoDecoding(remoteVideos(ada.page, 'camera'), 1);
  await expectEveryVideoDecoding(remoteVideos(bob.page, 'camera'), 1);

  for (let round = 1; round <= 5; round++) {
    await Promise.all([toggle(ada.page, 'Share screen').click(), toggle(bob.page, 'Share screen').click()]);
    for (const p of [ada, bob]) {
      await expect(toggle(p.page, 'Share screen')).toHaveAttribute('aria-pressed', 'true');
      await expectEveryVideoDecoding(remoteVideos(p.page, 'screen'), 1);
    }
    await Promise.all([toggle(ada.page, 'Share screen').click(), toggle(bob.page, 'Share screen').click()]);
    for (const p of [ada, bob]) {
      await expect(remoteVideos(p.page, 'screen')).toHaveCount(0, { timeout: 2_000 });
      expect(await connectionStates(p.page), `round ${round}`).not.toContain('failed');
    }
  }
  for (const p of [ada, bob]) {
    expect(negotiationErrors(p)).toEqual([]);
    expect(await connectionStates(p.page)).toEqual(['connected']);
  }
});

test('microphone and camera toggles reach the others', async ({ participant }) => {
  const ada = await participant('Ada');
  await recordCaptures(ada);
  const link = await startCall(ada);
  const bob = await participant('Bob');
  await joinByLink(bob, link);
  const adaAtBob = tileOf(bob.page, 'Ada');
  await expectEveryVideoDecoding(remoteVideos(bob.page, 'camera'), 1);
  await expect(adaAtBob.getByRole('img', { name: 'Microphone off' })).toHaveCount(0);

  await toggle(ada.page, 'Microphone').click();
  await expect(toggle(ada.page, 'Microphone')).toHaveAttribute('aria-pressed', 'false');
  await expect(adaAtBob.getByRole('img', { name: 'Microphone off' })).toBeVisible();
  await toggle(ada.page, 'Microphone').click();
  await expect(adaAtBob.getByRole('img', { name: 'Microphone off' })).toHaveCount(0);

  await toggle(ada.page, 'Camera').click();
  await expect(toggle(ada.page, 'Camera')).toHaveAttribute('aria-pressed', 'false');
  await expect(adaAtBob.locator('video')).toHaveCount(0);
  // The device is released, not just hidden: every camera track Ada's page opened has ended.
  expect(await liveCaptures(ada.page, 'video')).toEqual([]);
  const liveVideoSenders = await ada.page.evaluate(
    () =>
      (window.__e2ePeerConnections ?? [])
        .flatMap((pc) => pc.getSenders())
        .filter((s) => s.track?.kind === 'video' && s.track.readyState === 'live').length,
  );
  expect(liveVideoSenders).toBe(0);

  await toggle(ada.page, 'Camera').click();
  await expect(toggle(ada.page, 'Camera')).toHaveAttribute('aria-pressed', 'true');
  await expectEveryVideoDecoding(remoteVideos(bob.page, 'camera'), 1);
});

test('leaving removes the tile at once; the link works again; a fourth person joins a running call', async ({
  participant,
}) => {
  const ada = await participant('Ada');
  const link = await startCall(ada);
  const bob = await participant('Bob');
  const cy = await participant('Cy');
  await recordCaptures(cy);
  await joinByLink(bob, link);
  await joinByLink(cy, link);
  await expectEveryVideoDecoding(remoteVideos(ada.page, 'camera'), 2);

  await cy.page.getByRole('button', { name: 'Leave' }).click();
  await expect(cy.page).toHaveURL(/\/$/);
  await expect(cy.page.getByRole('button', { name: 'New room' })).toBeVisible();
  for (const p of [ada, bob]) await expect(tileOf(p.page, 'Cy')).toHaveCount(0, { timeout: 2_000 });
  // Leaving closes every connection and releases camera and microphone.
  expect(await connectionStates(cy.page)).toEqual([]);
  expect(await liveCaptures(cy.page, 'video')).toEqual([]);
  expect(await liveCaptures(cy.page, 'audio')).toEqual([]);

  await joinByLink(cy, link);
  await expectEveryVideoDecoding(remoteVideos(cy.page, 'camera'), 2);

  const dee = await participant('Dee');
  await joinByLink(dee, link);
  await expectEveryVideoDecoding(remoteVideos(dee.page, 'camera'), 3);
  for (const p of [ada, bob, cy]) await expectEveryVideoDecoding(remoteVideos(p.page, 'camera'), 3);
});
