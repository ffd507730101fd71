import { useEffect, useId, useState } from 'react';
import { ControlLabel } from '../../ui/ControlLabel';
import { Icon } from '../../ui/Icon';
import { useFeatures } from '../FeaturesContext';
import { useRecording } from './useRecording';

/** The tiles on the page, in layout order: what the recording shows. */
function visibleVideos(): HTMLVideoElement[] {
  return [...document.querySelectorAll<HTMLVideoElement>('main video[data-peer-id], main video[data-local]')];
}

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The Record toggle, and while on, how long and how large the recording is. */
export function RecordButton() {
  const { recording } = useFeatures();
  const self = useRecording((s) => s.self);
  const [now, setNow] = useState(Date.now);
  const progressId = useId();
  useEffect(() => {
    if (!self) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [self]);
  if (!recording.supported) return null;
  const on = self !== null;
  const hint = on ? 'Stop recording and download it' : 'Record the call to a file (everyone is told)';
  return (
    <>
      <button
        type="button"
        className={`control${on ? ' control--recording' : ''}`}
        aria-pressed={on}
        aria-describedby={on ? progressId : undefined}
        aria-description={hint}
        onClick={() => recording.toggle(visibleVideos)}
      >
        <Icon name="record" />
        <ControlLabel label="Record" hint={hint} />
      </button>
      {self && (
        <span id={progressId} className="recording-progress">
          {formatElapsed(now - self.startedAt)} · {sizeFormat.format(self.bytes / 1024 / 1024)} MB
        </span>
      )}
    </>
  );
}
