import { withTimeout } from '../../util/withTimeout';
import type { PipSource } from './pipSource';

/** Chromium's Document Picture-in-Picture (not yet in TypeScript's DOM types). */
interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

function documentPip(): DocumentPictureInPicture | null {
  return (
    (window as Window & { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture ??
    null
  );
}

/**
 * How long video picture in picture waits for the first frame. The request needs the click's user
 * activation, which Chromium keeps for 5 s.
 */
const METADATA_WAIT_MS = 4_000;
const NO_PICTURE = 'no picture arrived to float';

/** Why picture in picture did not open, for the person, with what to do. */
export function refusalMessage(error: unknown, name: string): string {
  if (error instanceof Error && error.message === NO_PICTURE) {
    return `Picture in picture did not open: no picture has arrived from ${name} yet. Try again in a moment.`;
  }
  return 'Picture in picture did not open: the browser refused it. Try the button again.';
}

export function canPictureInPicture(): boolean {
  return (
    documentPip() !== null || (typeof document !== 'undefined' && document.pictureInPictureEnabled === true)
  );
}

/**
 * One floating window showing one stream: a Document Picture-in-Picture window (a page of ours, so
 * it can carry the name) where the browser has it, else the video element's own picture in picture.
 * `show` swaps what it shows; `onClosed` fires when the person closes the window.
 */
export class PipWindow {
  private readonly video: HTMLVideoElement;
  private readonly label: HTMLElement;
  private closed = false;

  /** The elements belong to the document they show in (a media element moved between documents stalls). */
  private constructor(
    private readonly window: Window | null,
    private readonly onClosed: () => void,
  ) {
    const doc = window?.document ?? document;
    this.video = doc.createElement('video');
    this.video.muted = true;
    this.video.autoplay = true;
    this.video.playsInline = true;
    this.label = doc.createElement('p');
  }

  static async open(source: PipSource, onClosed: () => void): Promise<PipWindow> {
    const api = documentPip();
    const win = api ? await api.requestWindow({ width: 360, height: 270 }) : null;
    const pip = new PipWindow(win, onClosed);
    pip.show(source);
    if (win) {
      pip.fillDocument(win);
      return pip;
    }
    try {
      await pip.floatVideo();
    } catch (error) {
      pip.close();
      throw error;
    }
    return pip;
  }

  show({ stream, name }: PipSource): void {
    if (this.video.srcObject !== stream) {
      this.video.srcObject = stream;
      this.video.play().catch(() => undefined);
    }
    this.label.textContent = name;
    this.video.setAttribute('aria-label', name);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.window) this.window.close();
    else if (document.pictureInPictureElement === this.video) void document.exitPictureInPicture();
    this.video.srcObject = null;
    this.video.remove();
  }

  private fillDocument(win: Window): void {
    // Styles through the CSSOM: the policy allows no inline style attributes.
    const { body } = win.document;
    body.style.cssText = 'margin:0;background:#111;color:#fff;font:14px system-ui,sans-serif;';
    this.video.style.cssText = 'display:block;width:100vw;height:100vh;object-fit:contain;';
    this.label.style.cssText =
      'position:fixed;left:8px;bottom:8px;margin:0;padding:2px 8px;border-radius:6px;background:rgb(0 0 0 / 0.6);';
    body.append(this.video, this.label);
    this.video.play().catch(() => undefined);
    win.addEventListener('pagehide', () => this.ended(), { once: true });
  }

  private async floatVideo(): Promise<void> {
    // The element must be in the document, with its size known, to float.
    this.video.className = 'visually-hidden';
    document.body.append(this.video);
    if (this.video.readyState < HTMLMediaElement.HAVE_METADATA) {
      const loaded = new Promise((resolve) =>
        this.video.addEventListener('loadedmetadata', resolve, { once: true }),
      );
      await withTimeout(loaded, METADATA_WAIT_MS, NO_PICTURE);
    }
    await this.video.requestPictureInPicture();
    this.video.addEventListener('leavepictureinpicture', () => this.ended(), { once: true });
  }

  private ended(): void {
    if (this.closed) return;
    this.close();
    this.onClosed();
  }
}
