import { useEffect, useRef } from 'react';

interface VideoViewProps {
  stream: MediaStream;
  peerId?: string;
  kind?: 'camera' | 'screen';
  local?: boolean;
  mirrored?: boolean;
  label: string;
  fit?: 'cover' | 'contain';
}

/** A muted <video> showing one stream; remote audio plays through RemoteAudio instead. */
export function VideoView({ stream, peerId, kind, local, mirrored, label, fit = 'cover' }: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    // Muted video may always autoplay; a rejected play() here only means the element was detached.
    video.play().catch(() => undefined);
    return () => {
      video.srcObject = null;
    };
  }, [stream]);
  return (
    <video
      ref={ref}
      className={`video video--${fit}${mirrored ? ' video--mirrored' : ''}`}
      autoPlay
      playsInline
      muted
      aria-label={label}
      data-peer-id={peerId}
      data-kind={kind}
      data-local={local ? '' : undefined}
    />
  );
}
