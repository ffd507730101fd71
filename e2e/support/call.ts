import { expect, type Locator, type Page } from '@playwright/test';
import type { Participant } from './fixtures.js';

/** Drives the app through its accessible names (../shared/DESIGN.md), as a person would. */

export async function joinFromLobby(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('button', { name: 'Leave' })).toBeVisible();
}

/** Opens the home page, creates a room, joins it, and returns the copied invite link. */
export async function startCall(host: Participant): Promise<string> {
  await host.page.goto('/');
  await host.page.getByRole('button', { name: 'New room' }).click();
  await expect(host.page).toHaveURL(/\/r\/[a-z0-9-]+$/);
  await joinFromLobby(host.page, host.name);
  return copyInviteLink(host.page);
}

export async function copyInviteLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copy invite link' }).click();
  await expect(page.getByText('Invite link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/^http:\/\/.+\/r\/[a-z0-9-]+$/);
  return link;
}

export async function joinByLink(participant: Participant, link: string): Promise<void> {
  await participant.page.goto(link);
  await joinFromLobby(participant.page, participant.name);
}

export function remoteVideos(page: Page, kind: 'camera' | 'screen'): Locator {
  return page.locator(`video[data-peer-id][data-kind="${kind}"]`);
}

/** The tile (figure) of the participant called `name`, as seen on `page`. */
export function tileOf(page: Page, name: string): Locator {
  return page.locator('figure[data-tile="camera"]').filter({ has: page.getByText(name, { exact: true }) });
}

export function toggle(page: Page, name: 'Microphone' | 'Camera' | 'Share screen'): Locator {
  return page.getByRole('button', { name, exact: true });
}

/** Console lines that point at a broken negotiation or a crash. */
export function negotiationErrors(participant: Participant): string[] {
  return participant
    .console()
    .split('\n')
    .filter(
      (line) => /^\[(error|pageerror)\]/.test(line) && /negotiation|InvalidStateError|pageerror/i.test(line),
    );
}

/** Connection states of every peer connection the page has not closed. */
export async function connectionStates(page: Page): Promise<RTCPeerConnectionState[]> {
  return page.evaluate(() =>
    (window.__e2ePeerConnections ?? []).map((pc) => pc.connectionState).filter((s) => s !== 'closed'),
  );
}

declare global {
  interface Window {
    __e2eCaptured?: MediaStreamTrack[];
  }
}

/** Records every camera and microphone track the pages of `participant` open (call before goto). */
export async function recordCaptures(participant: Participant): Promise<void> {
  await participant.context.addInitScript(() => {
    const media = navigator.mediaDevices;
    if (!media || window.__e2eCaptured) return;
    const captured: MediaStreamTrack[] = [];
    window.__e2eCaptured = captured;
    const native = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints) => {
      const stream = await native(constraints);
      captured.push(...stream.getTracks());
      return stream;
    };
  });
}

/** Labels of the camera/microphone tracks the page opened that are still live. */
export async function liveCaptures(page: Page, kind: 'audio' | 'video'): Promise<string[]> {
  return page.evaluate(
    (kind) =>
      (window.__e2eCaptured ?? [])
        .filter((t) => t.kind === kind && t.readyState === 'live')
        .map((t) => t.label),
    kind,
  );
}
