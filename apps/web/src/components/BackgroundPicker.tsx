import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCall, useController } from '../hooks/CallContext';
import { BACKGROUNDS, type Background } from '../media/background';

/**
 * The **Background** choice, the same in the lobby and in Settings: none, blurred, or a plain
 * colour behind the person, applied to the camera others receive (and to the preview).
 */
export function BackgroundPicker() {
  const controller = useController();
  const id = useId();
  const s = useCall(useShallow((st) => ({ background: st.background, notice: st.backgroundNotice })));
  return (
    <div className="field">
      <label htmlFor={id}>Background</label>
      <select
        id={id}
        value={s.background}
        onChange={(e) => void controller.setBackground(e.currentTarget.value as Background)}
      >
        {BACKGROUNDS.map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {s.notice && (
        <p className="field-error small" role="status">
          {s.notice}
        </p>
      )}
    </div>
  );
}
