import { useEffect, useRef } from 'react';
import { useDevices } from '../features/devices/useDevices';
import { useCall, useController } from '../hooks/CallContext';
import { routeAudio } from '../media/devices';

/** Plays one participant's microphone; tells the controller when the browser blocks autoplay. */
export function RemoteAudio({ stream, peerId }: { stream: MediaStream; peerId: string }) {
  const ref = useRef<HTMLAudioElement>(null);
  const controller = useController();
  const soundBlocked = useCall((s) => s.soundBlocked);
  const speakerId = useDevices((d) => d.speakerId);
  useEffect(() => {
    const audio = ref.current;
    // An output that cannot be used leaves the sound where it was.
    if (audio) routeAudio(audio, speakerId).catch(() => undefined);
  }, [speakerId]);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    if (audio.srcObject !== stream) audio.srcObject = stream;
    if (soundBlocked) return;
    audio.play().then(
      () => controller.reportSoundBlocked(false),
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'NotAllowedError')
          controller.reportSoundBlocked(true);
      },
    );
  }, [stream, soundBlocked, controller]);
  useEffect(() => {
    const audio = ref.current;
    return () => {
      if (audio) audio.srcObject = null;
    };
  }, []);
  // biome-ignore lint/a11y/useMediaCaption: live call audio has no caption track to offer
  return <audio ref={ref} autoPlay data-remote-audio={peerId} />;
}
