import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { recordPeerConnections } from './media.js';

/**
 * A stock Firefox as a call participant (../shared/E2E.md). Playwright cannot drive one, so
 * puppeteer-core speaks WebDriver BiDi to Debian's firefox-esr. Its ARIA selectors are limited
 * over BiDi, so controls are found here by their accessible names computed in the page, the
 * same names the Playwright tests use (../shared/DESIGN.md).
 */

/** What turns Firefox's camera, microphone and autoplay prompts into a test browser. */
export const FIREFOX_PREFS = {
  // A fake camera (a colour pattern) and microphone (a tone) instead of real devices.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // ICE may only find 127.0.0.1 on CI machines.
  'media.peerconnection.ice.loopback': true,
  // 0 = allow audible autoplay: the app's "click to hear" fallback is Chromium's to test.
  'media.autoplay.default': 0,
  // No internet here: keep Firefox from retrying updates and telemetry.
  'app.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
} as const;

/** `FIREFOX_PATH`, else Debian's /usr/bin/firefox-esr; a missing browser is one clear line. */
export function resolveFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw lineError(`FIREFOX_PATH=${fromEnv} does not exist`);
  }
  if (existsSync('/usr/bin/firefox-esr')) return '/usr/bin/firefox-esr';
  throw lineError('no Firefox found: apt-get install firefox-esr, or set FIREFOX_PATH to a Firefox binary');
}

export interface FirefoxParticipant {
  readonly name: string;
  readonly browser: Browser;
  readonly page: Page;
  /** Console messages and page errors, one per line. */
  console(): string;
  close(): Promise<void>;
}

/** Launches a headless Firefox with one page that records its peer connections (as the Chromium fixture does). */
export async function launchFirefox(name: string): Promise<FirefoxParticipant> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: resolveFirefox(),
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  try {
    const page = await browser.newPage();
    const lines: string[] = [];
    page.on('console', (message) => lines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => lines.push(`[pageerror] ${String(error)}`));
    await page.evaluateOnNewDocument(recordPeerConnections);
    return { name, browser, page, console: () => lines.join('\n'), close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export type Role = 'button' | 'textbox';

/**
 * Waits for the visible control with this role and accessible name (aria-label, aria-labelledby,
 * a <label>, or its text without aria-hidden parts) and returns it.
 */
export async function control(
  page: Page,
  role: Role,
  name: string,
  { timeout = 10_000 }: { timeout?: number } = {},
): Promise<ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    (role, name) => {
      const text = (node: Node): string => {
        if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return '';
        if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
        return [...node.childNodes].map(text).join('');
      };
      const accessibleName = (element: Element): string => {
        const labelledBy = element.getAttribute('aria-labelledby');
        if (labelledBy) {
          return labelledBy
            .split(/\s+/)
            .map((id) => text(document.getElementById(id) ?? document.createTextNode('')))
            .join(' ');
        }
        const label = element.getAttribute('aria-label');
        if (label) return label;
        if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
          return [...(element.labels ?? [])].map(text).join(' ');
        }
        return text(element);
      };
      const selector =
        role === 'button'
          ? 'button, [role="button"]'
          : 'input:not([type]), input[type="text"], textarea, [role="textbox"]';
      return [...document.querySelectorAll(selector)].find(
        (element) =>
          element.checkVisibility() && accessibleName(element).replace(/\s+/g, ' ').trim() === name,
      );
    },
    { polling: 100, timeout },
    role,
    name,
  );
  return handle as ElementHandle<Element>;
}

/** Clicks the named control like a person (real pointer input), once it is enabled. */
export async function click(page: Page, role: Role, name: string): Promise<void> {
  const element = await control(page, role, name);
  await page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, { polling: 100 }, element);
  await element.click();
}

/** Waits until the named toggle button says it is on (`aria-pressed="true"`) or off. */
export async function expectPressed(page: Page, name: string, pressed: boolean): Promise<void> {
  const element = await control(page, 'button', name);
  try {
    await page.waitForFunction(
      (el, want) => el.getAttribute('aria-pressed') === want,
      { polling: 100, timeout: 5_000 },
      element,
      String(pressed),
    );
  } catch (error) {
    throw new Error(`Firefox: ${name} did not turn ${pressed ? 'on' : 'off'} (${(error as Error).message})`);
  }
}

/** Waits until `predicate(arg)` holds in the page; `what` names it in the timeout message. */
export async function waitUntil(
  page: Page,
  what: string,
  predicate: (arg: string) => boolean,
  { arg = '', timeout = 15_000 }: { arg?: string; timeout?: number } = {},
): Promise<void> {
  try {
    await page.waitForFunction(predicate, { polling: 250, timeout }, arg);
  } catch (error) {
    throw new Error(`Firefox: ${what} (${(error as Error).message})`);
  }
}

/** An error whose report is its message only: a missing browser needs the fix, not a stack. */
function lineError(message: string): Error {
  const error = new Error(`e2e: ${message}`);
  error.stack = error.message;
  return error;
}
