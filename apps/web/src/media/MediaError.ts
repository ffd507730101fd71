import type { DeviceProblem } from '../store/types';

/** A device request that failed, with the reason the UI explains to the user. */
export class DeviceError extends Error {
  constructor(
    readonly reason: DeviceProblem,
    readonly device: 'camera' | 'microphone' | 'screen',
    cause?: unknown,
  ) {
    super(`${device}: ${reason}`, { cause });
    this.name = 'DeviceError';
  }
}

export function reasonOf(error: unknown): DeviceProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'permission-denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'not-found';
    case 'NotReadableError':
    case 'AbortError':
      return 'in-use';
    default:
      return 'unknown';
  }
}

const WORDS: Record<DeviceProblem, (device: string) => string> = {
  'permission-denied': (d) =>
    `Parley isn't allowed to use your ${d}. Allow it in the browser's site settings (the icon left of the address), then try again.`,
  'not-found': (d) => `No ${d} was found. Plug one in and try again, or join without it.`,
  'in-use': (d) => `Your ${d} is busy in another app or tab. Close it there and try again.`,
  'insecure-context': (d) => `Your ${d} can only be used on a secure (https) address.`,
  unknown: (d) => `Your ${d} could not be started. Try again, or join without it.`,
};

export function describeDeviceProblem(reason: DeviceProblem, device: 'camera' | 'microphone'): string {
  return WORDS[reason](device);
}
