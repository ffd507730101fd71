import { Icon } from '../../ui/Icon';
import { useFeatures } from '../FeaturesContext';
import { useSecurity } from './useSecurity';

/** Says so when someone's key changed mid-call: their code must be compared again. */
export function SecurityNotice() {
  const { security } = useFeatures();
  const changed = useSecurity((s) => s.changed);
  if (!changed) return null;
  return (
    <div className="banner banner--warning" role="alert">
      <Icon name="shield" size={18} />
      The security code with {changed} changed. Open Verify security and compare it again.
      <button type="button" className="button button--small" onClick={() => security.dismissChange()}>
        Dismiss
      </button>
    </div>
  );
}
