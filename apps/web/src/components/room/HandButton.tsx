import { useCall, useController } from '../../hooks/CallContext';
import { Icon } from '../../ui/Icon';

/** The Raise hand toggle: pressed while our hand is up. */
export function HandButton() {
  const controller = useController();
  const raised = useCall((s) => s.handRaisedAt !== null);
  return (
    <button
      type="button"
      className={`control${raised ? ' control--highlight' : ''}`}
      aria-pressed={raised}
      onClick={() => void controller.room.raiseHand(!raised)}
    >
      <Icon name="hand" />
      <span className="control__label">Raise hand</span>
    </button>
  );
}
