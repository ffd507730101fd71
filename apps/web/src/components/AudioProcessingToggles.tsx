import { useShallow } from 'zustand/react/shallow';
import { useCall, useController } from '../hooks/CallContext';

const TOGGLES = [
  {
    key: 'noiseSuppression',
    label: 'Noise suppression',
    hint: 'Filters steady background noise (fans, traffic) out of your voice.',
  },
  {
    key: 'echoCancellation',
    label: 'Echo cancellation',
    hint: 'Keeps the others from hearing themselves through your speakers. Turn off only with headphones.',
  },
] as const;

/** The browser's voice processing on our microphone, remembered on this device. */
export function AudioProcessingToggles() {
  const controller = useController();
  const processing = useCall(useShallow((s) => s.audioProcessing));
  return (
    <fieldset className="toggles">
      <legend>Microphone processing</legend>
      {TOGGLES.map(({ key, label, hint }) => {
        const on = processing[key];
        return (
          <div key={key} className="toggles__row">
            <button
              type="button"
              className="switch"
              aria-pressed={on}
              aria-describedby={`hint-${key}`}
              onClick={() => void controller.setAudioProcessing({ [key]: !on })}
            >
              <span className="switch__track" aria-hidden="true" />
              {label}
            </button>
            <p id={`hint-${key}`} className="muted small">
              {hint}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
