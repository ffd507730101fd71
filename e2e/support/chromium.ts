import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

/** Flags every test browser needs (see ../shared/E2E.md). */
export const MEDIA_ARGS = [
  // Fake camera (640x480@20) and microphone (a beep) instead of "no device found".
  '--use-fake-device-for-media-stream',
  // Auto-accept the permission prompt for getUserMedia and getDisplayMedia.
  '--use-fake-ui-for-media-stream',
  // ICE may only find 127.0.0.1 on CI machines.
  '--allow-loopback-in-peer-connection',
];

/** Keep Chromium from phoning home: no internet here, and its retries only add noise and CPU. */
export const QUIET_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Extra flags from the environment, space separated, e.g.
 * `E2E_CHROMIUM_ARGS=--autoplay-policy=no-user-gesture-required`. Autoplay stays restricted by
 * default on purpose: the app has to cope with a blocked `play()`.
 */
export function envArgs(): string[] {
  return (process.env.E2E_CHROMIUM_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/**
 * `CHROMIUM_PATH`, else Debian's /usr/bin/chromium, else Playwright's own download if one exists.
 * Exits with one line when there is no browser: a stack trace would only bury the fix.
 */
export function resolveChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    fail(`CHROMIUM_PATH=${fromEnv} does not exist`);
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const bundled = bundledChromium();
  if (bundled) return bundled;
  fail('no Chromium found: apt-get install chromium, or set CHROMIUM_PATH to a Chromium binary');
}

/** Launch options for the test browser; pass `extraArgs` for a file that needs a different browser. */
export function chromiumLaunchOptions(extraArgs: readonly string[] = []): LaunchOptions {
  return {
    executablePath: resolveChromium(),
    args: [...MEDIA_ARGS, ...QUIET_ARGS, ...envArgs(), ...extraArgs],
  };
}

function bundledChromium(): string | undefined {
  try {
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function fail(line: string): never {
  process.stderr.write(`e2e: ${line}\n`);
  process.exit(1);
}
