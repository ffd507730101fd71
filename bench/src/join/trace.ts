import type { BrowserContext, Page } from '@playwright/test';

declare global {
  interface Window {
    __benchTrace?: Array<[number, string]>;
  }
}

/**
 * `--trace`: records, in the pages of `context`, when signaling frames go out and come in and when
 * each peer connection changes state, so a slow join can be taken apart step by step.
 */
export async function installTrace(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    if (window.__benchTrace) return;
    const events: Array<[number, string]> = [];
    window.__benchTrace = events;
    const log = (text: string) => events.push([performance.timeOrigin + performance.now(), text]);
    const NativePC = window.RTCPeerConnection;
    let pcs = 0;
    window.RTCPeerConnection = class extends NativePC {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        const id = `pc${++pcs}`;
        log(`${id} created`);
        this.addEventListener('signalingstatechange', () => log(`${id} signaling ${this.signalingState}`));
        this.addEventListener('connectionstatechange', () => log(`${id} connection ${this.connectionState}`));
        this.addEventListener('track', (event) => log(`${id} track ${event.track.kind}`));
      }
    };
    const NativeWS = window.WebSocket;
    window.WebSocket = class extends NativeWS {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        log('ws created');
        this.addEventListener('open', () => log('ws open'));
        this.addEventListener('message', (event) => log(`ws in  ${String(event.data).slice(0, 70)}`));
      }
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        log(`ws out ${String(data).slice(0, 70)}`);
        super.send(data);
      }
    };
  });
}

/** The page's trace as lines of `+ms event`, from `origin` (epoch ms). */
export async function readTrace(page: Page, origin: number): Promise<string[]> {
  const events = await page.evaluate(() => window.__benchTrace ?? []);
  return events.map(([at, text]) => `${String(Math.round(at - origin)).padStart(6)} ms  ${text}`);
}
