import { useShallow } from 'zustand/react/shallow';
import { DeviceSelect } from '../../components/DeviceSelect';
import { Dialog } from '../../components/Dialog';
import { useCall, useController } from '../../hooks/CallContext';
import { canChooseSpeaker } from '../../media/devices';
import { useFeatures } from '../FeaturesContext';
import { useDevices } from './useDevices';

/** Camera, microphone and speaker, switched mid-call without renegotiating. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const controller = useController();
  const { devices } = useFeatures();
  const s = useCall(
    useShallow((st) => ({
      cameras: st.cameras,
      microphones: st.microphones,
      cameraId: st.cameraId,
      microphoneId: st.microphoneId,
      cameraProblem: st.cameraProblem,
      microphoneProblem: st.microphoneProblem,
      video: st.media.video,
    })),
  );
  const speakers = useDevices((d) => d.speakers);
  const speakerId = useDevices((d) => d.speakerId);
  return (
    <Dialog title="Settings" onClose={onClose}>
      <div className="stack">
        <DeviceSelect
          label="Camera"
          devices={s.cameras}
          value={s.cameraId}
          onChange={(id) => void controller.selectCamera(id)}
        />
        {s.cameraProblem && (
          <p className="field-error small" role="alert">
            {s.cameraProblem.message}
          </p>
        )}
        {!s.video && s.cameras.length > 0 && (
          <p className="muted small">Your camera is off; the one chosen here is used when you turn it on.</p>
        )}
        <DeviceSelect
          label="Microphone"
          devices={s.microphones}
          value={s.microphoneId}
          onChange={(id) => void controller.selectMicrophone(id)}
        />
        {s.microphoneProblem && (
          <p className="field-error small" role="alert">
            {s.microphoneProblem.message}
          </p>
        )}
        {canChooseSpeaker() ? (
          <DeviceSelect
            label="Speaker"
            devices={speakers}
            value={speakerId}
            defaultText="System default"
            onChange={(id) => devices.setSpeaker(id)}
          />
        ) : (
          <p className="muted small">
            This browser plays the call on the system's sound output; choose the speaker there.
          </p>
        )}
      </div>
    </Dialog>
  );
}
