import { readFile } from 'node:fs/promises';
import { joinByLink, joinFromLobby, remoteVideos, startCall } from './support/call.js';
import { attachCallLogs } from './support/diagnostics.js';
import { expect, openParticipant, type Participant, test } from './support/fixtures.js';
import { expectVideoDecoding } from './support/media.js';
import {
  CODE_FORMAT,
  playFile,
  readSecurityCodes,
  recordingIndicator,
  type SeenCodes,
} from './support/privacy.js';
import { saveScreenshot } from './support/screenshots.js';

declare global {
  interface Window {
    __e2eRecordClicks?: number[];
  }
}
import { type RunningServer, startServer } from './support/server.js';

// Privacy tools in one call of three, shared by every step: security codes, then recording.
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: undefined });

let server: RunningServer;
let people: Participant[] = [];

test.beforeAll(async ({ browser }) => {
  server = await startServer();
  people = [];
  for (const name of ['Ann', 'Ben', 'Cat']) {
    people.push(await openParticipant(browser, name, { baseURL: server.url, acceptDownloads: true }));
  }
  const [ann, ...guests] = people as [Participant, ...Participant[]];
  const link = await startCall(ann);
  for (const guest of guests) await joinByLink(guest, link);
  for (const p of people) {
    await expect(remoteVideos(p.page, 'camera')).toHaveCount(2, { timeout: 20_000 });
    await expectVideoDecoding(remoteVideos(p.page, 'camera').first());
  }
});

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture names from this pattern; the hook needs none
test.afterEach(({}, testInfo) => attachCallLogs(testInfo, people, server));

test.afterAll(async () => {
  const violations = people.flatMap((p) => p.cspViolations().map((v) => `${p.name}: ${v}`));
  await Promise.all(people.map((p) => p.context.close()));
  await server?.stop();
  expect(violations, 'Content-Security-Policy violations').toEqual([]);
});

test('both ends of every link show the same security code, and everyone the same call code', async () => {
  const seen = new Map<string, SeenCodes>();
  for (const p of people) seen.set(p.name, await readSecurityCodes(p.page, 2));

  const codes = new Set<string>();
  for (const [a, b] of [
    ['Ann', 'Ben'],
    ['Ann', 'Cat'],
    ['Ben', 'Cat'],
  ] as const) {
    const atA = seen.get(a)?.byName.get(b)?.code;
    const atB = seen.get(b)?.byName.get(a)?.code;
    expect(atA, `${a}'s code for ${b}`).toMatch(CODE_FORMAT);
    expect(atB, `${b}'s code for ${a}`).toBe(atA);
    codes.add(atA ?? '');
  }
  // Three links, three different codes: a code belongs to one pair of keys.
  expect(codes.size).toBe(3);
  const rooms = [...seen.values()].map((s) => s.room);
  expect(rooms[0]).toMatch(CODE_FORMAT);
  expect(new Set(rooms).size, rooms.join(' / ')).toBe(1);
  // A peer id in the dialog is the id of that person's video.
  const ann = people[0] as Participant;
  const benAtAnn = seen.get('Ann')?.byName.get('Ben')?.peerId ?? '';
  await expect(ann.page.locator(`video[data-peer-id="${benAtAnn}"]`)).toHaveCount(1);

  await ann.page.getByRole('button', { name: 'Verify security' }).click();
  await expect(ann.page.getByRole('dialog', { name: 'Verify security' })).toBeVisible();
  await saveScreenshot(ann.page, 'security-codes');
  await ann.page.getByRole('button', { name: 'Close' }).click();
});

test('Ann records while the others see "Ann is recording"; the file plays with video, sound and its length', async () => {
  const [ann, ben, cat] = people as [Participant, Participant, Participant];
  const record = ann.page.getByRole('button', { name: 'Record', exact: true });
  const startedAt = Date.now();
  // When the page received each click on Record: what the person recorded, free of the test's latency.
  await ann.page.evaluate(() => {
    window.__e2eRecordClicks = [];
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as Element).closest('button')?.textContent?.includes('Record')) {
          window.__e2eRecordClicks?.push(performance.now());
        }
      },
      { capture: true },
    );
  });
  await record.click();
  await expect(record).toHaveAttribute('aria-pressed', 'true');
  for (const p of [ben, cat]) await expect(recordingIndicator(p.page, 'Ann')).toBeVisible();
  await expect(recordingIndicator(ann.page, 'Ann')).toHaveCount(0);

  // Someone who joins mid-recording is told too.
  await cat.page.reload();
  await joinFromLobby(cat.page, 'Cat');
  await expect(recordingIndicator(cat.page, 'Ann')).toBeVisible({ timeout: 20_000 });
  await expect(remoteVideos(ann.page, 'camera')).toHaveCount(2, { timeout: 20_000 });
  await expect(ann.page.getByText(/^\d+:\d\d · [\d.]+ MB$/)).toBeVisible();
  await saveScreenshot(ben.page, 'recording-indicator');

  const wait = 5_000 - (Date.now() - startedAt);
  if (wait > 0) await ann.page.waitForTimeout(wait);
  const [download] = await Promise.all([ann.page.waitForEvent('download'), record.click()]);
  const clicks = await ann.page.evaluate(() => window.__e2eRecordClicks ?? []);
  expect(clicks).toHaveLength(2);
  const recordedSeconds = ((clicks[1] ?? 0) - (clicks[0] ?? 0)) / 1000;
  await expect(record).toHaveAttribute('aria-pressed', 'false');
  for (const p of [ben, cat]) await expect(recordingIndicator(p.page, 'Ann')).toHaveCount(0);

  expect(download.suggestedFilename()).toMatch(/^parley-[a-z0-9-]+\.webm$/);
  const bytes = await readFile(await download.path());
  // WebM's track entries name their codecs: one video (VP8/VP9) and one audio (Opus).
  expect(bytes.includes('V_VP8') || bytes.includes('V_VP9'), 'a video track').toBe(true);
  expect(bytes.includes('A_OPUS'), 'an audio track').toBe(true);
  const played = await playFile(ben.page, bytes, 'video/webm');
  test
    .info()
    .annotations.push({ type: 'recording', description: `${recordedSeconds} s: ${JSON.stringify(played)}` });
  expect(played.videoWidth).toBeGreaterThan(0);
  expect(played.videoHeight).toBeGreaterThan(0);
  expect(played.audioBytes).toBeGreaterThan(0);
  expect(Math.abs(played.duration - recordedSeconds)).toBeLessThan(1);
  // The header carries the duration too (fix-webm-duration), so players can seek at once.
  expect(Math.abs(played.headerDuration - recordedSeconds)).toBeLessThan(1);
});

test('Noise suppression and Echo cancellation turn off in Settings, on what is sent, and are remembered', async () => {
  const ben = people[1] as Participant;
  const sentAudio = () =>
    ben.page.evaluate(() =>
      (window.__e2ePeerConnections ?? [])
        .filter((pc) => pc.connectionState !== 'closed')
        .flatMap((pc) => pc.getSenders())
        .filter((sender) => sender.track?.kind === 'audio' && sender.track.readyState === 'live')
        .map((sender) => {
          const { noiseSuppression, echoCancellation } = sender.track?.getSettings() ?? {};
          return { noiseSuppression, echoCancellation };
        }),
    );
  await expect.poll(sentAudio).toEqual([
    { noiseSuppression: true, echoCancellation: true },
    { noiseSuppression: true, echoCancellation: true },
  ]);

  await ben.page.getByRole('button', { name: 'Settings' }).click();
  const settings = ben.page.getByRole('dialog', { name: 'Settings' });
  const noise = settings.getByRole('button', { name: 'Noise suppression' });
  await expect(noise).toHaveAttribute('aria-pressed', 'true');
  await noise.click();
  await expect(noise).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(sentAudio).toEqual([
    { noiseSuppression: false, echoCancellation: true },
    { noiseSuppression: false, echoCancellation: true },
  ]);
  await settings.getByRole('button', { name: 'Echo cancellation' }).click();
  await expect.poll(sentAudio).toEqual([
    { noiseSuppression: false, echoCancellation: false },
    { noiseSuppression: false, echoCancellation: false },
  ]);
  await settings.getByRole('button', { name: 'Close' }).click();

  await ben.page.reload();
  await joinFromLobby(ben.page, 'Ben');
  await ben.page.getByRole('button', { name: 'Settings' }).click();
  await expect(settings.getByRole('button', { name: 'Noise suppression' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(settings.getByRole('button', { name: 'Echo cancellation' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await settings.getByRole('button', { name: 'Close' }).click();
  await expect.poll(sentAudio, { timeout: 20_000 }).toEqual([
    { noiseSuppression: false, echoCancellation: false },
    { noiseSuppression: false, echoCancellation: false },
  ]);
});

/** What the call view shows of the others: the ids of the camera tracks in their tiles. */
const shownCameraTracks = (page: Participant['page']) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLVideoElement>('video[data-peer-id][data-kind="camera"]')].flatMap(
      (video) => (video.srcObject as MediaStream | null)?.getVideoTracks().map((track) => track.id) ?? [],
    ),
  );

/**
 * The video in the floating window: Document Picture-in-Picture's page where the browser opened one,
 * else the element in video picture in picture; null while nothing floats.
 */
const floated = (page: Participant['page']) =>
  page.evaluate(() => {
    const pipWindow = (window as Window & { documentPictureInPicture?: { window: Window | null } })
      .documentPictureInPicture?.window;
    const video = (pipWindow?.document.querySelector('video') ??
      document.pictureInPictureElement) as HTMLVideoElement | null;
    if (!video) return null;
    const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0];
    return {
      kind: pipWindow ? 'document' : 'video',
      label: video.getAttribute('aria-label'),
      track: track?.id,
      live: track?.readyState === 'live',
      width: video.videoWidth,
    };
  });

test('Picture in picture floats a remote participant and closes again', async () => {
  const ann = people[0] as Participant;
  const button = ann.page.getByRole('button', { name: 'Picture in picture' });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  // What floats: the name, and the camera track the call view shows for that person. (Headless
  // Chromium opens the Document Picture-in-Picture window but does not play media in it.)
  const floating = () => floated(ann.page);
  await expect.poll(floating).not.toBeNull();
  const shown = await floating();
  expect(['Ben', 'Cat']).toContain(shown?.label);
  expect(shown?.live).toBe(true);
  expect(await shownCameraTracks(ann.page)).toContain(shown?.track);
  test.info().annotations.push({ type: 'picture in picture', description: JSON.stringify(shown) });

  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(floating).toBeNull();
});

test('Without Document Picture-in-Picture, the video itself floats, playing, and closes again; a refusal is explained', async () => {
  const ben = people[1] as Participant;
  // As in a browser that has only video picture in picture (Safari, Chromium before 116).
  await ben.page.evaluate(() =>
    Object.defineProperty(window, 'documentPictureInPicture', { value: undefined, configurable: true }),
  );
  const button = ben.page.getByRole('button', { name: 'Picture in picture' });
  const floating = () => floated(ben.page);
  try {
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(floating).not.toBeNull();
    const shown = await floating();
    expect(['Ann', 'Cat']).toContain(shown?.label);
    expect(shown?.width).toBeGreaterThan(0);
    expect(await shownCameraTracks(ben.page)).toContain(shown?.track);

    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(floating).toBeNull();

    // A browser that says no (picture in picture turned off by policy or by the person): the
    // button stays off and the person is told; the next window that opens clears the message.
    await ben.page.evaluate(() => {
      const proto = HTMLVideoElement.prototype as HTMLVideoElement & { realRequest?: unknown };
      proto.realRequest = proto.requestPictureInPicture;
      proto.requestPictureInPicture = () =>
        Promise.reject(new DOMException('Picture-in-Picture is disabled', 'NotAllowedError'));
    });
    await button.click();
    const refused = ben.page.getByRole('alert').filter({ hasText: 'Picture in picture did not open' });
    await expect(refused).toContainText('the browser refused it');
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    await ben.page.evaluate(() => {
      const proto = HTMLVideoElement.prototype as HTMLVideoElement & { realRequest?: () => Promise<unknown> };
      if (proto.realRequest) proto.requestPictureInPicture = proto.realRequest as never;
    });
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect(refused).toHaveCount(0);
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'false');
  } finally {
    await ben.page.evaluate(() => Reflect.deleteProperty(window, 'documentPictureInPicture'));
  }
});
