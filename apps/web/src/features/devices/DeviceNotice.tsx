import { Icon } from '../../ui/Icon';
import { useFeatures } from '../FeaturesContext';
import { useDevices } from './useDevices';

/** Says what happened when a device went away mid-call, and what took its place. */
export function DeviceNotice() {
  const { devices } = useFeatures();
  const notice = useDevices((d) => d.notice);
  return (
    <div role="status" className="banners">
      {notice && (
        <div className="banner banner--warning">
          <Icon name="warning" size={18} />
          {notice}
          <button type="button" className="button button--small" onClick={() => devices.dismissNotice()}>
            Got it
          </button>
        </div>
      )}
    </div>
  );
}
