import { joinByLink, recordCaptures, remoteVideos, startCall, tileOf } from './support/call.js';
import { chromiumLaunchOptions } from './support/chromium.js';
import { allowUnplugging, countOffers, offerCount, sentTrackLabels, unplug } from './support/features.js';
import { expect, test } from './support/fixtures.js';
import { expectInboundFlowing, expectVideoDecoding } from './support/media.js';
import { saveScreenshot } from './support/screenshots.js';

// Chromium's fake capture offers two cameras (fake_device_0, fake_device_1) with `device-count=2`;
// its fake microphones and speakers come in twos already. The later flag wins over the default one.
test.use({ launchOptions: chromiumLaunchOptions(['--use-fake-device-for-media-stream=device-count=2']) });

test('switching camera, microphone and speaker mid-call needs no new offer; an unplugged camera falls back', async ({
  participant,
}) => {
  const ada = await participant('Ada');
  const bob = await participant('Bob');
  for (const p of [ada, bob]) await countOffers(p.context);
  await recordCaptures(ada);
  await allowUnplugging(ada.context);
  const link = await startCall(ada);
  await joinByLink(bob, link);
  await expectVideoDecoding(remoteVideos(bob.page, 'camera').first());
  await expectVideoDecoding(remoteVideos(ada.page, 'camera').first());
  await expectInboundFlowing(bob.page, 'audio');
  const offers = { ada: await offerCount(ada.page), bob: await offerCount(bob.page) };
  expect(offers.ada).toBeGreaterThan(0);
  expect(await sentTrackLabels(ada.page, 'video')).toEqual(['fake_device_0']);

  await ada.page.getByRole('button', { name: 'Settings' }).click();
  const settings = ada.page.getByRole('dialog', { name: 'Settings' });
  const camera = settings.getByRole('combobox', { name: 'Camera' });
  await expect(camera.getByRole('option')).toHaveText(['fake_device_0', 'fake_device_1']);
  await camera.selectOption({ label: 'fake_device_1' });
  await expect.poll(() => sentTrackLabels(ada.page, 'video')).toEqual(['fake_device_1']);

  const microphone = settings.getByRole('combobox', { name: 'Microphone' });
  await microphone.selectOption({ label: 'Fake Audio Input 2' });
  await expect.poll(() => sentTrackLabels(ada.page, 'audio')).toEqual(['Fake Audio Input 2']);

  const speaker = settings.getByRole('combobox', { name: 'Speaker' });
  await speaker.selectOption({ label: 'Fake Audio Output 1' });
  const chosen = await speaker.inputValue();
  expect(chosen).not.toBe('');
  await expect
    .poll(() =>
      ada.page.evaluate(
        () =>
          (document.querySelector('audio[data-remote-audio]') as HTMLAudioElement & { sinkId: string })
            .sinkId,
      ),
    )
    .toBe(chosen);
  await saveScreenshot(ada.page, 'settings-desktop');
  await ada.page.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);
  await expect(ada.page.getByRole('button', { name: 'Settings' })).toBeFocused();

  // Bob keeps seeing and hearing Ada through all of it, on the same negotiation.
  await expectVideoDecoding(remoteVideos(bob.page, 'camera').first());
  await expectInboundFlowing(bob.page, 'audio');
  expect({ ada: await offerCount(ada.page), bob: await offerCount(bob.page) }).toEqual(offers);

  // The camera in use is unplugged: Ada falls back to the other one and is told so.
  await unplug(ada.page, 'fake_device_1');
  await expect(ada.page.getByRole('status').filter({ hasText: 'was disconnected' })).toContainText(
    'Camera "fake_device_1" was disconnected. Now using "fake_device_0".',
  );
  await expect.poll(() => sentTrackLabels(ada.page, 'video')).toEqual(['fake_device_0']);
  await expectVideoDecoding(remoteVideos(bob.page, 'camera').first());
  await expect(tileOf(bob.page, 'Ada').locator('video')).toHaveCount(1);
  expect({ ada: await offerCount(ada.page), bob: await offerCount(bob.page) }).toEqual(offers);

  // The stats view has the numbers behind the tiles' badges.
  await ada.page.getByRole('button', { name: 'Connection stats' }).click();
  const stats = ada.page.getByRole('dialog', { name: 'Connection stats' });
  await expect(stats.getByRole('region', { name: 'Bob' })).toContainText(
    // The encoder may scale down under CPU load (2 cores, several browsers): any real size will do.
    /Their video.*\d+×\d+ at \d+ fps/,
  );
  await expect(stats).toContainText('direct (host ↔ host)');
  await expect(stats).toContainText(/Codecs\s*\S+/);
  await saveScreenshot(ada.page, 'stats-desktop');
  await stats.getByRole('button', { name: 'Close' }).click();
  await expect(stats).toHaveCount(0);
});
