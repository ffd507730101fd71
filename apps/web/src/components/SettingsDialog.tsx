import { useFeatures } from '../features/FeaturesContext';
import { useDevices } from '../features/devices/useDevices';
import { useCall } from '../hooks/CallContext';
import { canChooseSpeaker } from '../media/devices';
import { DeviceSelect } from '../ui/DeviceSelect';
import { Dialog } from '../ui/Dialog';
import { BackgroundPicker } from './BackgroundPicker';
import { AudioProcessingToggles } from './AudioProcessingToggles';
import { DevicePickers } from './DevicePickers';

/** Camera, microphone and speaker, switched mid-call without renegotiating. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { devices } = useFeatures();
  const cameraOff = useCall((s) => !s.media.video && s.cameras.length > 0);
  const speakers = useCall((s) => s.speakers);
  const speakerId = useDevices((d) => d.speakerId);
  return (
    <Dialog title="Settings" onClose={onClose}>
      <div className="stack">
        <DevicePickers explain />
        <BackgroundPicker />
        {cameraOff && (
          <p className="muted small">Your camera is off; the one chosen here is used when you turn it on.</p>
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
        <AudioProcessingToggles />
      </div>
    </Dialog>
  );
}
