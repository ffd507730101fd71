import { useCall, useController } from '../../hooks/CallContext';
import { ControlLabel } from '../../ui/ControlLabel';
import { Icon } from '../../ui/Icon';

/** For hosts only: lock the door (with the call's other settings, at the bar's end). */
export function LockRoomButton() {
  const controller = useController();
  const host = useCall((s) => s.host);
  const locked = useCall((s) => s.room.locked);
  if (!host) return null;
  const hint = locked ? 'New people knock and wait for a host' : 'Anyone with the link can join';
  return (
    <button
      type="button"
      className={`control${locked ? ' control--highlight' : ''}`}
      aria-pressed={locked}
      aria-description={hint}
      onClick={() => void controller.room.lock(!locked)}
    >
      <Icon name={locked ? 'lock' : 'unlock'} />
      <ControlLabel label="Lock room" hint={hint} />
    </button>
  );
}

/** For hosts only: end the call for everyone (beside Leave). */
export function EndForEveryoneButton() {
  const controller = useController();
  const host = useCall((s) => s.host);
  if (!host) return null;
  return (
    <button
      type="button"
      className="control control--leave"
      onClick={() => void controller.room.endForEveryone()}
    >
      <Icon name="endAll" />
      <span className="control__label">End call for everyone</span>
    </button>
  );
}
