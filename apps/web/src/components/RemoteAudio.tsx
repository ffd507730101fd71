import { useEffect, useRef } from 'react';
import { useCall, useController } from '../hooks/CallContext';

/** Plays one participant's microphone; tells the controller when the browser blocks autoplay. */
export function RemoteAudio({ stream, peerId }: { stream: MediaStream; peerId: string }) {
  const ref = useRef<HTMLAudioElement>(null);
  const controller = useController();
  const soundBlocked = useCall((s) => s.soundBlocked);
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
