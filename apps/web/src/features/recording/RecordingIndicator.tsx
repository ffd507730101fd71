import { useCall } from '../../hooks/CallContext';
import { Icon } from '../../ui/Icon';
import { useFeatures } from '../FeaturesContext';
import { RECORDING_BUDGET_BYTES } from './RecordingFeature';
import { useRecording } from './useRecording';

const LIMIT_MB = RECORDING_BUDGET_BYTES / 1024 / 1024;

/**
 * Who is recording, in a live region that is always there (so screen readers announce each
 * change), and why our own recording stopped when it stopped by itself.
 */
export function RecordingIndicator() {
  const { recording } = useFeatures();
  const others = useRecording((s) => s.others);
  const self = useRecording((s) => s.self);
  const ended = useRecording((s) => s.ended);
  const peers = useCall((s) => s.peers);
  const names = [...others].flatMap((peerId) => {
    const name = peers.get(peerId)?.name;
    return name ? [name] : [];
  });
  return (
    <>
      <div role="status" className="recording-status">
        {self && (
          <p className="banner banner--recording">
            <Icon name="record" size={18} />
            You are recording. Everyone in the call is told.
          </p>
        )}
        {names.map((name) => (
          <p key={name} className="banner banner--recording">
            <Icon name="record" size={18} />
            {name} is recording
          </p>
        ))}
      </div>
      {ended && (
        <div className="banner banner--warning" role="alert">
          <Icon name="warning" size={18} />
          {ended === 'budget'
            ? `Recording stopped at its ${LIMIT_MB} MB limit; what was recorded has been downloaded.`
            : 'Recording stopped.'}
          <button type="button" className="button button--small" onClick={() => recording.dismissEnded()}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
