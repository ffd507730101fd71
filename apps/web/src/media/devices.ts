import type { AudioProcessing, DeviceOption } from '../store/types';
import { DeviceError, reasonOf } from './MediaError';

/** The only place that calls getUserMedia / getDisplayMedia / enumerateDevices. */

// A mesh sends one copy per participant: VGA keeps four people within a laptop's CPU and uplink.
const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 480 },
  frameRate: { ideal: 24, max: 30 },
};

export const DEFAULT_AUDIO_PROCESSING: AudioProcessing = { noiseSuppression: true, echoCancellation: true };

const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = { ...DEFAULT_AUDIO_PROCESSING, autoGainControl: true };

function mediaDevices(device: 'camera' | 'microphone' | 'screen'): MediaDevices {
  if (!navigator.mediaDevices) throw new DeviceError('insecure-context', device);
  return navigator.mediaDevices;
}

export async function openCamera(deviceId?: string | null): Promise<MediaStream> {
  const video = deviceId ? { ...CAMERA_CONSTRAINTS, deviceId: { exact: deviceId } } : CAMERA_CONSTRAINTS;
  try {
    return await mediaDevices('camera').getUserMedia({ video });
  } catch (error) {
    throw error instanceof DeviceError ? error : new DeviceError(reasonOf(error), 'camera', error);
  }
}

export async function openMicrophone(
  deviceId?: string | null,
  processing: AudioProcessing = DEFAULT_AUDIO_PROCESSING,
): Promise<MediaStream> {
  const constraints = { ...MICROPHONE_CONSTRAINTS, ...processing };
  const audio = deviceId ? { ...constraints, deviceId: { exact: deviceId } } : constraints;
  try {
    return await mediaDevices('microphone').getUserMedia({ audio });
  } catch (error) {
    throw error instanceof DeviceError ? error : new DeviceError(reasonOf(error), 'microphone', error);
  }
}

const early = new Map<'camera' | 'microphone', Promise<MediaStream>>();

/**
 * Starts opening the default camera and microphone as a room link loads, beside the download of
 * the lobby's code rather than after it. The lobby takes each request once (`takeEarly`).
 */
export function openEarly(): void {
  if (early.size > 0 || typeof navigator === 'undefined' || !navigator.mediaDevices) return;
  for (const device of ['camera', 'microphone'] as const) {
    const request = device === 'camera' ? openCamera() : openMicrophone(null, loadAudioProcessing());
    request.catch(() => undefined); // the taker sees the failure; nobody may take it at all
    early.set(device, request);
  }
}

/** The early request for `device`, once; null when there is none (left). */
export function takeEarly(device: 'camera' | 'microphone'): Promise<MediaStream> | null {
  const request = early.get(device) ?? null;
  early.delete(device);
  return request;
}

/** Resolves null when the person closes the picker: choosing not to share is not an error. */
export async function openScreen(): Promise<MediaStream | null> {
  try {
    return await mediaDevices('screen').getDisplayMedia({
      video: { frameRate: { ideal: 15, max: 30 } },
      audio: false,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'NotAllowedError') return null;
    throw error instanceof DeviceError ? error : new DeviceError(reasonOf(error), 'screen', error);
  }
}

export async function listDevices(): Promise<{ cameras: DeviceOption[]; microphones: DeviceOption[] }> {
  if (!navigator.mediaDevices?.enumerateDevices) return { cameras: [], microphones: [] };
  const devices = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind, fallback: string) =>
    devices
      .filter((d) => d.kind === kind && d.deviceId !== '')
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
  return { cameras: pick('videoinput', 'Camera'), microphones: pick('audioinput', 'Microphone') };
}

export function onDeviceChange(listener: () => void): () => void {
  const md = navigator.mediaDevices;
  if (!md) return () => {};
  md.addEventListener('devicechange', listener);
  return () => md.removeEventListener('devicechange', listener);
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The deviceId a live stream actually uses, so the selector shows the truth. */
export function deviceIdOf(stream: MediaStream | null): string | null {
  return stream?.getTracks()[0]?.getSettings().deviceId ?? null;
}

/** Audio outputs, for browsers that can route a media element to one (`setSinkId`). */
export async function listSpeakers(): Promise<DeviceOption[]> {
  if (!canChooseSpeaker() || !navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'audiooutput' && d.deviceId !== '')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Speaker ${i + 1}` }));
}

export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/** Plays `element` through the chosen output; '' is the system default. */
export async function routeAudio(element: HTMLMediaElement, deviceId: string): Promise<void> {
  const sink = element as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };
  if (typeof sink.setSinkId !== 'function' || (element as { sinkId?: string }).sinkId === deviceId) return;
  await sink.setSinkId(deviceId);
}

const PROCESSING_KEY = 'parley:audio-processing';

/** The person's choice, remembered on this device; the defaults where storage is blocked or empty. */
export function loadAudioProcessing(): AudioProcessing {
  try {
    const saved = JSON.parse(localStorage.getItem(PROCESSING_KEY) ?? '{}') as Partial<AudioProcessing>;
    return {
      noiseSuppression: saved.noiseSuppression !== false,
      echoCancellation: saved.echoCancellation !== false,
    };
  } catch {
    return { ...DEFAULT_AUDIO_PROCESSING };
  }
}

export function saveAudioProcessing(processing: AudioProcessing): void {
  try {
    localStorage.setItem(PROCESSING_KEY, JSON.stringify(processing));
  } catch {
    // Not remembered this time.
  }
}
