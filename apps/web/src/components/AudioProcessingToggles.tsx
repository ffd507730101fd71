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

// Named so that it does not contain "Noise suppression", the browser's toggle's name.
const STRONG_LABEL = 'Stronger noise removal';
const STRONG_HINT =
  "Removes more background noise with a small neural network (RNNoise) on this device's processor, after the browser's noise suppression; may slightly colour your voice.";

/** The browser's voice processing on our microphone, and RNNoise, remembered on this device. */
export function AudioProcessingToggles() {
  const controller = useController();
  const processing = useCall(useShallow((s) => s.audioProcessing));
  const strong = useCall(useShallow((s) => ({ on: s.strongNoise, notice: s.noiseNotice })));
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
      <div className="toggles__row">
        <button
          type="button"
          className="switch"
          aria-pressed={strong.on}
          aria-describedby="hint-strongNoise"
          onClick={() => void controller.setStrongNoise(!strong.on)}
        >
          <span className="switch__track" aria-hidden="true" />
          {STRONG_LABEL}
        </button>
        <p id="hint-strongNoise" className="muted small">
          {STRONG_HINT}
        </p>
        {strong.notice && (
          <p className="field-error small" role="status">
            {strong.notice}
          </p>
        )}
      </div>
    </fieldset>
  );
}
