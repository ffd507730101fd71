import { useController } from '../../hooks/CallContext';
import { useSpeaker } from './useSpeaker';

/** "You're muted" while the muted microphone hears someone talking (the mic stays open locally). */
export function MutedHint() {
  const controller = useController();
  const mutedSpeech = useSpeaker((v) => v.mutedSpeech);
  return (
    <div className="muted-hint__slot" role="status">
      {mutedSpeech && (
        <div className="muted-hint">
          <span>
            You're muted. Press <kbd>M</kbd> to talk.
          </span>
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => void controller.toggleMicrophone()}
          >
            Unmute
          </button>
        </div>
      )}
    </div>
  );
}
