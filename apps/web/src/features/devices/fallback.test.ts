import { describe, expect, it } from 'vitest';
import { isGone, lostMessage } from './fallback';

const track = (deviceId: string, readyState: MediaStreamTrackState = 'live') => ({
  readyState,
  getSettings: () => ({ deviceId }),
});
const list = [
  { deviceId: 'cam-1', label: 'Front' },
  { deviceId: 'cam-2', label: 'USB' },
];

describe('following an unplugged device', () => {
  it('notices an ended track or a device missing from the list', () => {
    expect(isGone(track('cam-2'), list)).toBe(false);
    expect(isGone(track('cam-2', 'ended'), list)).toBe(true);
    expect(isGone(track('cam-3'), list)).toBe(true);
    expect(isGone(null, list)).toBe(false);
  });

  it('reads nothing into an empty list (no permission yet)', () => {
    expect(isGone(track('cam-2'), [])).toBe(false);
  });

  it('says what happened and what replaced it', () => {
    expect(lostMessage({ kind: 'camera', label: 'USB', fallback: true }, 'Front')).toBe(
      'Camera "USB" was disconnected. Now using "Front".',
    );
    expect(lostMessage({ kind: 'camera', label: '', fallback: false }, null)).toMatch(
      /^Your camera was disconnected/,
    );
  });
});
