import { useShallow } from 'zustand/react/shallow';
import { useCall, useController } from '../hooks/CallContext';
import { DeviceSelect } from '../ui/DeviceSelect';

/**
 * The Camera and Microphone pickers, the same in the lobby and in Settings: switching opens the
 * chosen device and (in a call) sends it without renegotiating. `explain`: say under each picker
 * why its device is unavailable (the lobby shows that in notices of its own).
 */
export function DevicePickers({ explain = false }: { explain?: boolean }) {
  const controller = useController();
  const s = useCall(
    useShallow((st) => ({
      cameras: st.cameras,
      microphones: st.microphones,
      cameraId: st.cameraId,
      microphoneId: st.microphoneId,
      cameraProblem: st.cameraProblem,
      microphoneProblem: st.microphoneProblem,
    })),
  );
  return (
    <>
      <DeviceSelect
        label="Camera"
        devices={s.cameras}
        value={s.cameraId}
        onChange={(id) => void controller.selectCamera(id)}
      />
      {explain && s.cameraProblem && (
        <p className="field-error small" role="alert">
          {s.cameraProblem.message}
        </p>
      )}
      <DeviceSelect
        label="Microphone"
        devices={s.microphones}
        value={s.microphoneId}
        onChange={(id) => void controller.selectMicrophone(id)}
      />
      {explain && s.microphoneProblem && (
        <p className="field-error small" role="alert">
          {s.microphoneProblem.message}
        </p>
      )}
    </>
  );
}
