import { joinByLink, remoteVideos, startCall } from './support/call.js';
import { chatButton, chatLog, openChat, sendChat, transferOf } from './support/features.js';
import { expect, type Participant, test } from './support/fixtures.js';

// What another participant sends us is bounded and shown as written. Mallory's page skips the app
// and writes to its control channel (the `parley` data channel) directly: the wire messages of
// chat and file offers, as fast as the page can.

declare global {
  interface Window {
    __e2eControl?: RTCDataChannel[];
  }
}

/** Keeps the page's `parley` data channels at hand (call before the page loads). */
async function recordControlChannels(participant: Participant): Promise<void> {
  await participant.context.addInitScript(() => {
    const proto = RTCPeerConnection.prototype;
    const create = proto.createDataChannel;
    const channels: RTCDataChannel[] = [];
    window.__e2eControl = channels;
    proto.createDataChannel = function (this: RTCPeerConnection, label: string, init?: RTCDataChannelInit) {
      const channel = create.call(this, label, init);
      if (label === 'parley') channels.push(channel);
      return channel;
    };
  });
}

test('a flood of chat messages and file offers leaves the receiving tab responsive, its lists bounded and its text clean', async ({
  participant,
}) => {
  const ada = await participant('Ada');
  const mallory = await participant('Mallory');
  await recordControlChannels(mallory);
  await joinByLink(mallory, await startCall(ada));
  for (const p of [ada, mallory])
    await expect(remoteVideos(p.page, 'camera')).toHaveCount(1, { timeout: 15_000 });
  await mallory.page.waitForFunction(() => window.__e2eControl?.some((c) => c.readyState === 'open'));
  await openChat(ada.page);

  // 10,000 chat messages and 10,000 file offers in one go; the first few are the hostile ones
  // (a link followed by as many `)` as a message can hold once took the old link finder 30 ms).
  const sent = await mallory.page.evaluate(() => {
    const channel = window.__e2eControl?.find((c) => c.readyState === 'open');
    if (!channel) throw new Error('no open control channel');
    const texts = [
      `https://x.io/${')'.repeat(1987)}`,
      'lone \ud800 surrogate, invoice\u202Efdp.exe and zero\u200Bwidth',
    ];
    const names = ['invoice\u202Efdp.exe', `report.pdf${' '.repeat(80)}.exe`];
    let count = 0;
    for (let i = 0; i < 10_000; i++) {
      const text = texts[i] ?? `spam ${i}`;
      channel.send(JSON.stringify({ type: 'chat', id: `m${i}`, text, sentAt: Date.now() }));
      const name = names[i] ?? `file-${i}.bin`;
      channel.send(JSON.stringify({ type: 'file-offer', id: `f${i}`, name, size: 1000, mime: '' }));
      count += 2;
    }
    return { count, open: channel.readyState === 'open' };
  });
  expect(sent).toEqual({ count: 20_000, open: true });

  // Ada's tab still answers at once: the panel closes and opens, and she can type and send.
  await chatButton(ada.page).click();
  await expect(chatButton(ada.page)).toHaveAttribute('aria-pressed', 'false');
  await openChat(ada.page);
  await sendChat(ada.page, 'still here');
  await openChat(mallory.page);
  await expect(chatLog(mallory.page).getByRole('listitem').filter({ hasText: 'still here' })).toHaveCount(1);

  // What got through is shown as written, without what would hide or reorder it.
  const items = chatLog(ada.page).getByRole('listitem');
  const link = chatLog(ada.page).getByRole('link');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', 'https://x.io/');
  await expect(items.nth(0)).toContainText(`https://x.io/${')'.repeat(1987)}`);
  await expect(items.nth(1)).toContainText('lone \ufffd surrogate, invoicefdp.exe and zerowidth');
  await expect(transferOf(ada.page, 'invoicefdp.exe')).toHaveCount(1);
  // Raw text: locators and text assertions would collapse the spaces themselves.
  const names = await ada.page.locator('.transfer__name').allTextContents();
  expect(names.slice(0, 2)).toEqual(['invoicefdp.exe', 'report.pdf .exe']);

  // Most of it was dropped: a few dozen messages, at most 20 file rows from one person.
  const shown = await items.count();
  expect(shown).toBeGreaterThan(2);
  expect(shown).toBeLessThan(200);
  const rows = ada.page.getByRole('region', { name: 'File transfers' }).getByRole('listitem');
  await expect(rows).toHaveCount(20);
  const warnings = ada
    .console()
    .split('\n')
    .filter((line) => line.includes('over its rate limit'));
  // One line per peer and 10 s, however many were dropped.
  expect(warnings.length).toBeGreaterThanOrEqual(1);
  expect(warnings.length).toBeLessThanOrEqual(2);

  // The limit refills: once the flood is over, Mallory is heard again.
  await sendChat(mallory.page, 'normal again');
  await expect(items.filter({ hasText: 'normal again' })).toHaveCount(1);
});
