import type { DeviceOption } from '../../store/types';

export type Lost = { kind: 'camera' | 'microphone'; label: string; fallback: boolean };

/**
 * A device in use is gone when its track ended, or when the browser's list (after a
 * `devicechange`) no longer has it. An empty list says nothing: it is what a browser without
 * permission reports. `fallback`: another device of the kind is there to take over.
 */
export function isGone(
  track: Pick<MediaStreamTrack, 'readyState' | 'getSettings'> | null,
  devices: readonly DeviceOption[],
): boolean {
  if (!track) return false;
  if (track.readyState === 'ended') return true;
  const id = track.getSettings().deviceId;
  if (!id || devices.length === 0) return false;
  return !devices.some((d) => d.deviceId === id);
}

export function lostMessage({ kind, label, fallback }: Lost, now: string | null): string {
  const what = label ? `${capitalize(kind)} "${label}"` : `Your ${kind}`;
  if (!fallback) {
    return kind === 'camera'
      ? `${what} was disconnected, so your camera is off. Plug it back in and turn the camera on.`
      : `${what} was disconnected and no other microphone was found. Plug one in to be heard.`;
  }
  return `${what} was disconnected. Now using ${now ? `"${now}"` : `the default ${kind}`}.`;
}

export function speakerLostMessage(label: string): string {
  return `Speaker ${label ? `"${label}" ` : ''}was disconnected. Sound now plays on the default output.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
