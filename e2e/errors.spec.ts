import { expect, test } from './support/fixtures.js';
import { joinByLink, joinFromLobby, remoteVideos, startCall, tileOf } from './support/call.js';
import { expectInboundFlowing, expectVideoDecoding } from './support/media.js';
import { saveScreenshot } from './support/screenshots.js';

// What a person meets when something is wrong, and the way forward the app offers.

test.describe('a full room', () => {
  test.use({ serverEnv: { MAX_PEERS: '2' } });

  test('says so, and lets the person in once someone leaves', async ({ participant }) => {
    const ada = await participant('Ada');
    const link = await startCall(ada);
    const bob = await participant('Bob');
    await joinByLink(bob, link);
    const cy = await participant('Cy');
    await cy.page.goto(link);
    await cy.page.getByRole('textbox', { name: 'Your name' }).fill('Cy');
    await cy.page.getByRole('button', { name: 'Join' }).click();
    await expect(cy.page.getByRole('alert')).toContainText('This room is full');
    await expect(cy.page.getByRole('button', { name: 'Join' })).toBeEnabled();
    await saveScreenshot(cy.page, 'lobby-room-full');

    await bob.page.getByRole('button', { name: 'Leave' }).click();
    await expect(tileOf(ada.page, 'Bob')).toHaveCount(0);
    await joinFromLobby(cy.page, 'Cy');
    await expectVideoDecoding(remoteVideos(cy.page, 'camera').first());
  });
});

test('an unreachable server is explained at join, and joining works once it is back', async ({
  participant,
  server,
}) => {
  const ada = await participant('Ada');
  await ada.page.goto('/r/team-sync');
  await ada.page.getByRole('textbox', { name: 'Your name' }).fill('Ada');
  await server.kill();
  await ada.page.getByRole('button', { name: 'Join' }).click();
  await expect(ada.page.getByRole('alert')).toContainText("Can't reach the Parley server", {
    timeout: 15_000,
  });
  await server.restart();
  await joinFromLobby(ada.page, 'Ada');
});

test('losing the server mid-call shows "reconnecting" and the call carries on after it returns', async ({
  participant,
  server,
}) => {
  const ada = await participant('Ada');
  const link = await startCall(ada);
  const bob = await participant('Bob');
  await joinByLink(bob, link);
  await expectVideoDecoding(remoteVideos(ada.page, 'camera').first());

  await server.kill();
  for (const p of [ada, bob]) {
    await expect(p.page.getByRole('status').filter({ hasText: 'Reconnecting' })).toBeVisible();
  }
  // Established media does not need the server.
  await expectVideoDecoding(remoteVideos(bob.page, 'camera').first());

  await server.restart();
  for (const p of [ada, bob]) {
    await expect(p.page.getByRole('status').filter({ hasText: 'Reconnecting' })).toHaveCount(0, {
      timeout: 15_000,
    });
    await expect(remoteVideos(p.page, 'camera')).toHaveCount(1);
    await expectVideoDecoding(remoteVideos(p.page, 'camera').first());
  }
});

test('a camera the browser refuses is explained; the person joins with the microphone only', async ({
  participant,
}) => {
  const ada = await participant('Ada');
  const link = await startCall(ada);
  const bob = await participant('Bob');
  // What the browser does when the person clicks "Block" for the camera.
  await bob.context.addInitScript(() => {
    const media = navigator.mediaDevices;
    const native = media.getUserMedia.bind(media);
    media.getUserMedia = (constraints) =>
      constraints?.video
        ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))
        : native(constraints);
  });
  await bob.page.goto(link);
  await expect(bob.page.getByRole('alert')).toContainText("isn't allowed to use your camera");
  await expect(bob.page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(bob.page.getByRole('button', { name: 'Camera', pressed: false })).toBeVisible();
  await saveScreenshot(bob.page, 'lobby-camera-denied');
  await joinFromLobby(bob.page, 'Bob');

  await expect(tileOf(ada.page, 'Bob')).toBeVisible();
  await expect(tileOf(ada.page, 'Bob').locator('video')).toHaveCount(0);
  await expectInboundFlowing(ada.page, 'audio');
  await expectVideoDecoding(remoteVideos(bob.page, 'camera').first());
});

test('the Room box takes a pasted invite link, and says when something is not a room', async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  const room = page.getByRole('textbox', { name: 'Room' });
  await room.fill('hello there');
  await page.getByRole('button', { name: 'Go' }).click();
  await expect(page.getByRole('alert')).toContainText('That is not a Parley room');
  await room.fill(`${baseURL}/r/k3vq-8d2m-x7rt-h4pa`);
  await page.getByRole('button', { name: 'Go' }).click();
  await expect(page).toHaveURL(/\/r\/k3vq-8d2m-x7rt-h4pa$/);
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
  await expect(page).toHaveTitle('Join k3vq-8d2m-x7rt-h4pa · Parley');
});

test('a malformed room link is explained, with a way home', async ({ page }) => {
  await page.goto('/r/NOT_a_room!');
  await expect(page.getByRole('heading', { name: "That room link isn't valid." })).toBeVisible();
  await page.getByRole('button', { name: 'Go to the start page' }).click();
  await expect(page.getByRole('button', { name: 'New room' })).toBeVisible();
});
