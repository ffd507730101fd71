import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type BrowserContext, expect, type Locator, type Page } from '@playwright/test';

/** Helpers for the in-call features (chat, files, devices), through their accessible names. */

declare global {
  interface Window {
    __e2eOffers?: { local: number; remote: number };
    __e2eChannels?: RTCDataChannel[];
    __e2eProgress?: Array<{ value: number; max: number }>;
    __e2eUnplugged?: Set<string>;
  }
}

// ---- chat ----

export function chatLog(page: Page): Locator {
  return page.getByRole('log', { name: 'Messages' });
}

export function chatButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Chat', exact: true });
}

export async function openChat(page: Page): Promise<void> {
  await chatButton(page).click();
  await expect(chatButton(page)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
}

/** Types like a person (real key presses, so shortcuts get their chance to misfire) and presses Enter. */
export async function sendChat(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('');
}

/** Puts the text in at once, as a paste does, and presses Enter: for tests not about typing (keys are slow under load). */
export async function pasteChat(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

// ---- negotiation ----

/** Counts offers each page applies, local or remote (call before the page loads). */
export async function countOffers(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    if (window.__e2eOffers) return;
    const counts = { local: 0, remote: 0 };
    window.__e2eOffers = counts;
    const proto = RTCPeerConnection.prototype;
    const setLocal = proto.setLocalDescription;
    proto.setLocalDescription = function (this: RTCPeerConnection, ...args: unknown[]) {
      return (setLocal as (...a: unknown[]) => Promise<void>).apply(this, args).then(() => {
        if (this.localDescription?.type === 'offer') counts.local++;
      });
    } as typeof proto.setLocalDescription;
    const setRemote = proto.setRemoteDescription;
    proto.setRemoteDescription = function (this: RTCPeerConnection, ...args: unknown[]) {
      const type = (args[0] as RTCSessionDescriptionInit | undefined)?.type;
      return (setRemote as (...a: unknown[]) => Promise<void>).apply(this, args).then(() => {
        if (type === 'offer') counts.remote++;
      });
    } as typeof proto.setRemoteDescription;
  });
}

export async function offerCounts(page: Page): Promise<{ local: number; remote: number }> {
  return page.evaluate(() => ({
    local: window.__e2eOffers?.local ?? 0,
    remote: window.__e2eOffers?.remote ?? 0,
  }));
}

/** The media kinds of the m-lines of each open peer connection's current description. */
export async function mediaSections(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    (window.__e2ePeerConnections ?? [])
      .filter((pc) => pc.connectionState !== 'closed')
      .map((pc) =>
        [...(pc.currentLocalDescription?.sdp ?? '').matchAll(/^m=(\w+)/gm)].map((m) => m[1] ?? ''),
      ),
  );
}

export async function offerCount(page: Page): Promise<number> {
  return page.evaluate(() => (window.__e2eOffers?.local ?? 0) + (window.__e2eOffers?.remote ?? 0));
}

// ---- data channels and progress ----

/**
 * Records every data channel the page opens from now on, its own or the other side's (the
 * peer connections themselves are recorded by the participant fixture).
 */
export async function watchDataChannels(page: Page): Promise<void> {
  await page.evaluate(() => {
    const channels: RTCDataChannel[] = window.__e2eChannels ?? [];
    window.__e2eChannels = channels;
    for (const pc of window.__e2ePeerConnections ?? []) {
      pc.addEventListener('datachannel', ({ channel }) => channels.push(channel));
      const create = pc.createDataChannel.bind(pc);
      pc.createDataChannel = (label, init) => {
        const channel = create(label, init);
        channels.push(channel);
        return channel;
      };
    }
  });
}

/** readyState of every recorded file-transfer channel. */
export async function fileChannelStates(page: Page): Promise<RTCDataChannelState[]> {
  return page.evaluate(() =>
    (window.__e2eChannels ?? []).filter((c) => c.label.startsWith('file:')).map((c) => c.readyState),
  );
}

/** Records every value any <progress> element shows (call before the page loads). */
export async function recordProgress(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    if (window.__e2eProgress) return;
    const seen: Array<{ value: number; max: number }> = [];
    window.__e2eProgress = seen;
    const note = (node: Node) => {
      if (node instanceof HTMLProgressElement) seen.push({ value: node.value, max: node.max });
      if (node instanceof Element) for (const p of node.querySelectorAll('progress')) note(p);
    };
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') note(record.target);
        for (const node of record.addedNodes) note(node);
      }
    });
    document.addEventListener('DOMContentLoaded', () =>
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['value'],
      }),
    );
  });
}

/** Values the page's progress bars showed strictly between empty and full. */
export async function partialProgress(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    (window.__e2eProgress ?? []).filter((p) => p.value > 0 && p.value < p.max).map((p) => p.value / p.max),
  );
}

/** The transfer entry for file `name` in the page's transfer list. */
export function transferOf(page: Page, name: string): Locator {
  return page.getByRole('region', { name: 'File transfers' }).getByRole('listitem').filter({ hasText: name });
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256OfFile(path: string): Promise<string> {
  return sha256(await readFile(path));
}

// ---- devices ----

/** Lets a test unplug a device: enumerateDevices stops listing it (call before the page loads). */
export async function allowUnplugging(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const media = navigator.mediaDevices;
    if (!media || window.__e2eUnplugged) return;
    const unplugged = new Set<string>();
    window.__e2eUnplugged = unplugged;
    const enumerate = media.enumerateDevices.bind(media);
    media.enumerateDevices = async () => (await enumerate()).filter((d) => !unplugged.has(d.label));
  });
}

/**
 * What the browser does when a camera in use is unplugged: its capture track ends, and the device
 * list changes. (Needs allowUnplugging and recordCaptures.)
 */
export async function unplug(page: Page, label: string): Promise<void> {
  await page.evaluate((label) => {
    window.__e2eUnplugged?.add(label);
    for (const track of window.__e2eCaptured ?? []) {
      if (track.label !== label || track.readyState !== 'live') continue;
      track.stop();
      track.dispatchEvent(new Event('ended'));
    }
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
  }, label);
}

/** Labels of the tracks this page currently sends, by kind. */
export async function sentTrackLabels(page: Page, kind: 'audio' | 'video'): Promise<string[]> {
  return page.evaluate(
    (kind) =>
      (window.__e2ePeerConnections ?? [])
        .filter((pc) => pc.connectionState !== 'closed')
        .flatMap((pc) => pc.getSenders())
        .filter((s) => s.track?.kind === kind)
        .map((s) => s.track?.label ?? ''),
    kind,
  );
}
