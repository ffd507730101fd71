import { expect, type Page } from '@playwright/test';

/** Helpers for the privacy tools (security codes, recording), through their accessible names. */

export interface SeenCodes {
  /** Each other participant's code, by their name as this page shows it. */
  byName: Map<string, { peerId: string; code: string }>;
  room: string;
}

/**
 * Opens Verify security, waits until it shows a code for each of `others` and the call code,
 * reads them, and closes the dialog.
 */
export async function readSecurityCodes(page: Page, others: number): Promise<SeenCodes> {
  await page.getByRole('button', { name: 'Verify security' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify security' });
  await expect(dialog.locator('[data-peer-id][data-security-code]')).toHaveCount(others);
  await expect(dialog.locator('[data-room-code][data-security-code]')).toHaveCount(1);
  const seen = await dialog.evaluate((element) => ({
    links: [...element.querySelectorAll<HTMLElement>('[data-peer-id][data-security-code]')].map((dd) => ({
      name: dd.previousElementSibling?.textContent ?? '',
      peerId: dd.dataset.peerId ?? '',
      code: dd.dataset.securityCode ?? '',
    })),
    room: element.querySelector<HTMLElement>('[data-room-code]')?.dataset.securityCode ?? '',
  }));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  return { byName: new Map(seen.links.map(({ name, ...rest }) => [name, rest])), room: seen.room };
}

export const CODE_FORMAT = /^\d{5}( \d{5}){4}$/;

/** The `role="status"` region that says `<name> is recording`. */
export function recordingIndicator(page: Page, name: string) {
  return page.getByRole('status').filter({ hasText: `${name} is recording` });
}

export interface PlayedFile {
  videoWidth: number;
  videoHeight: number;
  /** Seconds, as the file's header says (Infinity without one). */
  headerDuration: number;
  /** Seconds, as the player finds them after seeking to the end of the file. */
  duration: number;
  /** Bytes of audio the player decoded while playing a second of it (Chromium's counter). */
  audioBytes: number;
}

/** Plays a file in `page` (from a blob: URL, as the app's own downloads are) and reports what it found. */
export async function playFile(page: Page, bytes: Buffer, type: string): Promise<PlayedFile> {
  return page.evaluate(
    async ({ base64, type }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(new Blob([data], { type }));
      document.body.append(video);
      const once = (event: string) =>
        new Promise((resolve) => video.addEventListener(event, resolve, { once: true }));
      await once('loadedmetadata');
      const headerDuration = video.duration;
      // Seeking past the end makes the player read the file to its last frame: the real length.
      video.currentTime = 1e9;
      await once('seeked');
      const duration = Math.max(video.currentTime, Number.isFinite(video.duration) ? video.duration : 0);
      video.currentTime = 0;
      await once('seeked');
      await video.play();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      video.pause();
      const played = {
        videoWidth: video.videoWidth,
        videoHeight: video.videoHeight,
        headerDuration,
        duration,
        audioBytes:
          (video as HTMLVideoElement & { webkitAudioDecodedByteCount?: number })
            .webkitAudioDecodedByteCount ?? -1,
      };
      video.remove();
      return played;
    },
    { base64: bytes.toString('base64'), type },
  );
}
